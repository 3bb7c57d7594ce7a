import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskExchange

/// Walk-up appointments from the command line: book, list, cancel, reschedule, and the
/// customer's .ics confirmation. Times are read and shown in the location's time zone.
struct AppointmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "appointment",
        abstract: "Walk-up appointments: book a slot at a location, list, cancel, reschedule, the .ics confirmation.",
        subcommands: [Add.self, ListAll.self, Cancel.self, Reschedule.self, Calendar.self, ExportTable.self, ImportTable.self])

    struct ExportTable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export",
            abstract: "Every appointment as ServiceNow's wu_appointment table (a Table API document), on standard output.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            Output.emitJSON(ServiceNowAppointments.export(try Context.open(global, access: .read).desk))
        }
    }

    struct ImportTable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import",
            abstract: "Add the appointments of a ServiceNow wu_appointment export (supervisors); those already here are left as they are.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The wu_appointment JSON file.") var file: String
        func run() throws {
            let context = try Context.open(global)
            try context.desk.requireSupervisor(context.agent, to: "import appointments")
            let saved = try context.store.performBatch(by: context.agent, at: context.now) { desk in
                try ServiceNowAppointments.importChanges(file, into: desk, by: context.agent, at: context.now)
            }
            Output.line("\(saved.appointments.count) appointment\(saved.appointments.count == 1 ? "" : "s") imported")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Book a slot; prints the new APT id.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("for"), parsing: .unconditional, help: "The customer (id, email, phone or name).") var customer: String
        @Option(help: "The slot's start, local to the location: 2026-11-24 10:30 (or ISO 8601 with Z or an offset).") var at: String
        @Option(help: "The walk-up location (a queue id).") var location: String
        @Option(parsing: .unconditional, help: "The reason for the visit (one of the location's).") var reason: String
        @Flag(help: "Print the appointment as JSON.") var json = false

        func run() throws {
            let context = try Context.open(global)
            let start = try AppointmentTime.instant(at, location: location, in: context.desk)
            let result = try context.perform(.bookAppointment(customer: try context.customerID(customer), location: location,
                                                              at: start, reason: reason))
            guard let id = result.subject, let booked = context.store.desk.appointments[id] else { return }
            if json { try Output.json(AppointmentJSON(booked, in: context.store.desk)) } else { Output.line(id) }
        }
    }

    struct ListAll: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Appointments by slot.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this location's.") var location: String?
        @Option(help: "Only this day (YYYY-MM-DD, local to each location).") var date: String?
        @Option(help: "Only this state: booked, cancelled, checked_in, missed.") var state: String?
        @Flag(help: "Print a JSON array.") var json = false

        func validate() throws {
            if let date, AppointmentTime.day(date) == nil { throw ValidationError("--date must be YYYY-MM-DD, not \(date)") }
            if let state, Appointment.State(rawValue: state) == nil {
                throw ValidationError("--state must be one of \(Appointment.State.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let context = try Context.open(global, access: .read)
            let desk = context.desk
            if let location, desk.queues[location] == nil { throw DomainError.notFound(kind: "location", key: location) }
            let chosen = desk.appointments(at: location, state: state.flatMap(Appointment.State.init(rawValue:))).filter {
                date == nil || AppointmentTime.localDay($0.slotStart, location: $0.location, in: desk) == date
            }
            if json { try Output.json(chosen.map { AppointmentJSON($0, in: desk) }); return }
            if chosen.isEmpty { Output.line("No appointments match."); return }
            Output.table(["ID", "SLOT", "LOCATION", "CUSTOMER", "REASON", "STATE"], [10, 22, 12, 20, 24, 10], chosen.map { a in
                [a.id, AppointmentTime.local(a.slotStart, location: a.location, in: desk), a.location, desk.customerName(a.customer),
                 a.reason, a.state.display]
            })
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a booked appointment.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment (APT0000001, or its digits).") var id: String
        func run() throws {
            let context = try Context.open(global)
            Output.line(try context.perform(.cancelAppointment(id: AppointmentTime.id(id))).summary)
        }
    }

    struct Reschedule: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reschedule", abstract: "Move a booked appointment to another slot.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment (APT0000001, or its digits).") var id: String
        @Option(help: "The new slot's start, local to the location: 2026-11-24 11:00.") var at: String
        func run() throws {
            let context = try Context.open(global)
            let id = AppointmentTime.id(id)
            guard let a = context.desk.appointments[id] else { throw DomainError.notFound(kind: "appointment", key: id) }
            let start = try AppointmentTime.instant(at, location: a.location, in: context.desk)
            Output.line(try context.perform(.rescheduleAppointment(id: id, at: start)).summary)
        }
    }

    struct Calendar: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ics",
            abstract: "The customer's confirmation as an iCalendar (.ics) file, on standard output.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment (APT0000001, or its digits).") var id: String
        func run() throws {
            let context = try Context.open(global, access: .read)
            let desk = context.desk
            let id = AppointmentTime.id(id)
            guard let a = desk.appointments[id] else { throw DomainError.notFound(kind: "appointment", key: id) }
            let ics = AppointmentCalendar.ics(a, locationName: desk.queues[a.location]?.name ?? a.location,
                                              customerName: desk.customerName(a.customer),
                                              slotMinutes: desk.appointmentSettings(a.location).slotMinutes, now: context.now)
            // Written as it is: its CRLF line ends are part of the format (the terminal writer
            // would drop the CRs), and the calendar text already holds no other control character.
            fflush(nil)
            FileHandle.standardOutput.write(Data(ics.utf8))
        }
    }
}

/// `frontdesk rate NUMBER --score 4`: the customer's satisfaction after the visit.
struct RateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rate",
        abstract: "Record the customer's satisfaction with a closed visit: 1 (poor) to 5 (excellent), with an optional comment.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction (IMS0000001, or its digits).") var number: String
    @Option(help: "1 to 5.") var score: Int
    @Option(parsing: .unconditional, help: "What the customer said.") var comment: String?
    @Option(help: "The visit's status token (for a gateway answering for the visitor); agents leave it out.") var token: String?
    func run() throws {
        let context = try Context.open(global, access: token == nil ? .write : .intake)
        Output.line(try context.perform(.rate(number: context.number(number), score: score, comment: comment, token: token)).summary)
    }
}

/// An appointment as `appointment list --json` and `add --json` print it.
struct AppointmentJSON: Encodable {
    var id, customer, customer_name, location, slot_start, slot_local, reason, state, created_by: String
    var interaction: String?

    init(_ a: Appointment, in desk: Desk) {
        id = a.id; customer = a.customer; customer_name = desk.customerName(a.customer); location = a.location
        slot_start = a.slotStart.iso8601; slot_local = AppointmentTime.local(a.slotStart, location: a.location, in: desk)
        reason = a.reason; state = a.state.rawValue; created_by = a.createdBy; interaction = a.interaction
    }
}
