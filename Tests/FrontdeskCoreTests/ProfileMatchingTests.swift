import Testing
@testable import FrontdeskCore

struct PhoneNumberTests {
    @Test(arguments: [
        ("+1 (555) 123-4567", "+15551234567"),
        ("+1.555.123.4567", "+15551234567"),
        ("+15551234567", "+15551234567"),
        ("  +44 20 7946 0958 ", "+442079460958"),
        ("0049 30 1234567", "+49301234567"),
        ("+81-3-1234-5678", "+81312345678"),
    ])
    func normalises(_ input: String, _ e164: String) throws {
        #expect(try PhoneNumber.normalize(input) == e164)
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("hello", "it contains letters"),
        ("555-123-4567", "no country code"),
        ("+1 555 CALL NOW", "it contains letters"),
        ("+0 555 1234567", "cannot start with 0"),
        ("+12 34", "too short"),
        ("+1234567890123456", "too long"),
        ("+1 555+1234567", "only stand at the start"),
        ("+1 555 123 4567 #9", "contains \"#\""),
    ])
    func rejects(_ input: String, _ reason: String) {
        #expect { try PhoneNumber.normalize(input) } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("is not a phone number")
        }
    }

    @Test func defaultCountryCode() throws {
        #expect(try PhoneNumber.normalize("030 1234567", defaultCountry: "DE") == "+49301234567")
    }
}

struct ProfileMatchingTests {
    @Test func differentFormsOfOneNumberShareOneProfileAndOneInteraction() throws {
        var desk = makeDesk()
        let forms = ["+1 (555) 987-6543", "+1.555.987.6543", "+15559876543"]
        var results: [IntakeOutcome] = []
        for (i, form) in forms.enumerated() {
            let r = try desk.run(.intakeMessage(channel: .sms, identifier: form, text: "msg \(i)", queue: nil), by: "sms", at: t0.adding(Int64(i)))
            results.append(try #require(r.intake))
        }
        #expect(desk.profiles.count == 1)
        #expect(desk.interactions.count == 1)
        #expect(results.map(\.joined) == [false, true, true])
        #expect(results.map(\.profileCreated) == [true, false, false])
        #expect(desk.interactions[0].transcript.map(\.text) == ["msg 0", "msg 1", "msg 2"])
        #expect(desk.interactions[0].openedFor == nil)
    }

    @Test func newProfileMatchingACustomerPhoneIsLinked() throws {
        var desk = makeDesk()
        let r = try desk.run(.intakeMessage(channel: .whatsapp, identifier: "+1 555 123 4567", text: "hi", queue: nil))
        #expect(r.intake?.openedFor == "CUS0000001")
        #expect(desk.profiles.values.first?.customer == "CUS0000001")
        #expect(desk.interaction(r.subject!)?.openedFor == "CUS0000001")
    }

    @Test func matchedProfileWithoutOpenInteractionGetsANewOne() throws {
        var desk = makeDesk()
        let first = try desk.run(.intakeMessage(channel: .sms, identifier: "+81 3 1234 5678", text: "a", queue: nil))
        let n1 = try #require(first.subject)
        try desk.run(.edit(number: n1, [.shortDescription("Billing")]))
        try desk.run(.transition(number: n1, .abandon))
        let second = try desk.run(.intakeMessage(channel: .sms, identifier: "+81312345678", text: "b", queue: nil))
        #expect(second.intake?.joined == false)
        #expect(second.intake?.profileCreated == false)
        #expect(second.intake?.profile == first.intake?.profile)
        #expect(second.subject != n1)
        #expect(desk.interaction(second.subject!)?.openedFor == "CUS0000002")
    }

    @Test func channelsKeepSeparateProfiles() throws {
        var desk = makeDesk()
        try desk.run(.intakeMessage(channel: .sms, identifier: "+15550001111", text: nil, queue: nil))
        try desk.run(.intakeMessage(channel: .whatsapp, identifier: "+15550001111", text: nil, queue: nil))
        #expect(desk.profiles.count == 2)
        #expect(desk.interactions.count == 2)
    }

    @Test func linkingBackfillsOpenedForOnOpenInteractionsOnly() throws {
        var desk = makeDesk()
        let a = try desk.run(.intakeMessage(channel: .sms, identifier: "+15550002222", text: "one", queue: nil))
        let profile = try #require(a.intake?.profile)
        try desk.run(.edit(number: a.subject!, [.shortDescription("First")]))
        try desk.run(.transition(number: a.subject!, .abandon))
        let b = try desk.run(.intakeMessage(channel: .sms, identifier: "+15550002222", text: "two", queue: nil))
        let result = try desk.run(.linkProfile(profile: profile, customer: "CUS0000003"), by: "ana")
        #expect(desk.profiles[profile]?.customer == "CUS0000003")
        #expect(desk.interaction(b.subject!)?.openedFor == "CUS0000003")
        #expect(desk.interaction(a.subject!)?.openedFor == nil, "closed records change no more")
        #expect(result.changes.interactions.count == 1)
        #expect(desk.interactions(ofCustomer: "CUS0000003").map(\.number) == [b.subject!])
        // Later messages from the profile open for the linked customer.
        try desk.run(.edit(number: b.subject!, [.shortDescription("Second")]))
        try desk.run(.transition(number: b.subject!, .abandon))
        let c = try desk.run(.intakeMessage(channel: .sms, identifier: "+15550002222", text: "three", queue: nil))
        #expect(c.intake?.openedFor == "CUS0000003")
    }

    @Test func badIdentifierIsRefusedAndNothingChanges() throws {
        var desk = makeDesk()
        #expect(throws: DomainError.self) {
            try desk.run(.intakeMessage(channel: .sms, identifier: "not-a-number", text: "x", queue: nil))
        }
        #expect(desk.profiles.isEmpty)
        #expect(desk.interactions.isEmpty)
        #expect(desk.counters.last[.interaction] == nil)
    }

    @Test func linkErrors() throws {
        var desk = makeDesk()
        let a = try desk.run(.intakeMessage(channel: .sms, identifier: "+15550003333", text: nil, queue: nil))
        #expect(throws: DomainError.notFound(kind: "customer", key: "CUS0000099")) {
            try desk.run(.linkProfile(profile: a.intake!.profile, customer: "CUS0000099"))
        }
        #expect(throws: DomainError.notFound(kind: "channel user profile", key: "CUP0000042")) {
            try desk.run(.linkProfile(profile: "CUP0000042", customer: "CUS0000001"))
        }
    }
}
