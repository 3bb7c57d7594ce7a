/// Every word the pages say, in one place: a desk in another language changes this file only.
enum WebStrings {
    static let language = "en"

    // Check-in
    static func checkInTitle(_ location: String) -> String { "Check in: \(location)" }
    static let nameLabel = "Your name"
    static let contactLabel = "Email or phone"
    static let contactHint = "We use it to find you and to tell you when it is your turn."
    static let contactHintGuest = "Optional: we use it to find you and to tell you when it is your turn."
    static let reasonLabel = "Reason for your visit"
    static let checkInButton = "Check in"
    static let problemHeading = "Please check:"

    // Status
    static func position(_ position: Int, estimate: String?) -> String {
        // The estimate as the domain words it everywhere ("about 12 minutes", "less than a minute").
        estimate.map { "You are number \(position), \($0)." } ?? "You are number \(position)."
    }
    static func ticket(_ ticket: String) -> String { "Ticket \(ticket)" }
    static let statusTitle = "Your place in the queue"
    static let statusLinkIntro = "Keep this page: it updates by itself."
    static let statusLinkLabel = "Your private status link:"
    static func calledTo(_ desk: String) -> String { "It is your turn: please go to \(desk)." }
    static let calledNoDesk = "It is your turn: please go to the counter."
    static let servedNow = "You are being served."
    static let visitClosed = "Your visit is closed. Thank you."
    static let placeKept = "Your place is kept: we will call you again shortly."
    static let rateInvite = "How did we do? Rate your visit"
    static let ratedThanks = "Thank you for rating your visit."
    static let kioskDone = "Take a seat: the screen shows your ticket when it is your turn."

    // Rating
    static let rateTitle = "How did we do?"
    static func rateQuestion(_ ticket: String) -> String { "How satisfied are you with your visit (ticket \(ticket))?" }
    // The scale's words are the README's (1 poor to 5 excellent), so an agent reads a score the same way.
    static let rateLegend = "Your rating, from 1 (poor) to 5 (excellent)"
    static func scoreLabel(_ score: Int) -> String {
        switch score {
        case 1: "1 – poor"
        case 2: "2 – fair"
        case 3: "3 – good"
        case 4: "4 – very good"
        default: "5 – excellent"
        }
    }
    static let commentLabel = "Anything you want to add (optional)"
    static func commentHint(_ limit: Int) -> String { "At most \(limit) characters." }
    static let rateButton = "Send my rating"
    static let chooseScore = "Please choose a rating from 1 to 5."
    static func commentTooLong(_ limit: Int, _ count: Int) -> String {
        "A comment is at most \(limit) characters (this one has \(count))."
    }
    static func rated(_ score: Int) -> String { "Thank you: you rated your visit \(score) of 5." }
    static let notClosedYetTitle = "Your visit is not over yet"
    static let notClosedYet = "You can rate your visit once it is closed. This page asks again after that."
    static let unknownRatingLink = "This rating link is not known. It may have been mistyped."
    static let tooManyRatingsTitle = "Too many ratings"
    static func tooManyRatings(_ seconds: Int64) -> String {
        "Too many ratings from this address. Please try again in \(seconds) seconds."
    }

    // Display
    static func displayTitle(_ location: String) -> String { "Waiting room: \(location)" }
    static let nowServing = "Now serving"
    static let nobodyCalled = "Nobody called yet"
    static let waitingHeading = "Waiting"
    static let nobodyWaiting = "Nobody is waiting."
    static func waitingCount(_ count: Int) -> String { count == 1 ? "1 waiting" : "\(count) waiting" }
    static func moreWaiting(_ count: Int) -> String { "and \(count) more" }
    static let columnTicket = "Ticket"
    static let columnName = "Name"
    static let columnSince = "Since"
    static let columnWaited = "Waited"
    static let columnEstimate = "Estimated wait"
    static let appointmentMark = "Appointment"
    static let arrow = "→"

    // Minutes, as every page writes them.
    static func minutes(_ minutes: Int) -> String {
        minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }

    // Closed
    static func closedTitle(_ location: String) -> String { "\(location) is closed" }
    static let hoursHeading = "Opening hours"

    // Errors
    static let notFoundTitle = "Not found"
    static let unknownLocation = "There is no check-in here. Check the address, or ask at the counter."
    static let unknownToken = "This status link is not known. It may have been mistyped, or the visit is long over."
    static let methodNotAllowedTitle = "Not allowed"
    static let methodNotAllowed = "This page cannot be used like that."
    static let tooManyTitle = "Too many check-ins"
    static func tooMany(_ seconds: Int64) -> String {
        "Too many check-ins from this address. Please try again in \(seconds) seconds, or ask at the counter."
    }
    static let tooLargeTitle = "Too much text"
    static let tooLarge = "What was sent is too large for a check-in."
    static let failedTitle = "Something went wrong"
    static let failed = "The desk could not be reached. Please try again in a moment, or ask at the counter."
}
