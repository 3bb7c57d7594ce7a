import FrontdeskBackend
import FrontdeskCore

/// Walk-up appointments as ServiceNow's `wu_appointment` table: one Table API document (`{"result":[…]}`)
/// each way. Columns: `sys_id`, `number`, `opened_for` (the customer's `sys_user` sys_id),
/// `location` (the walk-up queue's sys_id), `window_start` and `window_end` (UTC,
/// `YYYY-MM-DD HH:MM:SS`), `u_reason_for_visit`, `state` (`scheduled`, `cancelled`,
/// `checked_in`, `no_show`), `interaction` (the walk-up's sys_id), `sys_created_on`,
/// `sys_created_by`. Columns Frontdesk does not read are kept on the appointment and written
/// back by the export, so a row goes round unchanged.
public enum ServiceNowAppointments {
    public static let table = "wu_appointment"
    static let known: Set<String> = ["sys_id", "number", "opened_for", "location", "window_start", "window_end", "u_reason_for_visit",
                                     "state", "interaction", "sys_created_on", "sys_created_by"]

    static func stateName(_ state: Appointment.State) -> String {
        switch state {
        case .booked: "scheduled"
        case .cancelled: "cancelled"
        case .checkedIn: "checked_in"
        case .missed: "no_show"
        }
    }

    static func state(_ text: String) -> Appointment.State? {
        switch text.lowercased() {
        case "scheduled", "booked", "confirmed": .booked
        case "cancelled", "canceled": .cancelled
        case "checked_in", "checked in", "arrived": .checkedIn
        case "no_show", "no show", "missed": .missed
        default: nil
        }
    }

    /// Every appointment of the desk as a `wu_appointment` document, by id.
    public static func export(_ desk: Desk) -> [UInt8] {
        let rows: [ServiceNowExport.Row] = desk.appointments(at: nil).map { a in
            let end = a.slotStart.adding(Int64(desk.appointmentSettings(a.location).slotMinutes) * 60)
            var row: ServiceNowExport.Row = [
                ("sys_id", a.sysID ?? ServiceNowID.generated(for: a.id)),
                ("number", a.id),
                ("opened_for", ServiceNowExport.sysID(customer: a.customer, in: desk)),
                ("location", ServiceNowExport.sysID(queue: a.location, in: desk)),
                ("window_start", a.slotStart.serviceNowDateTime),
                ("window_end", end.serviceNowDateTime),
                ("u_reason_for_visit", a.reason),
                ("state", stateName(a.state)),
                ("interaction", a.interaction.flatMap { desk.interaction($0) }.map(ServiceNowExport.sysID) ?? ""),
                ("sys_created_on", a.createdAt.serviceNowDateTime),
                ("sys_created_by", a.createdBy),
            ]
            row += a.extraColumns.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            return row
        }
        return ServiceNowExport.document(rows)
    }

    /// What an import of a `wu_appointment` file adds: appointments new to the desk (by
    /// number or sys_id), with new `APT` numbers where theirs are not ours. A row that cannot
    /// be read stops the import, naming its line and why; nothing is saved then.
    public static func importChanges(_ path: String, into desk: Desk, by actor: String, at now: Instant) throws(StoreError) -> ChangeSet {
        var counters = desk.counters
        var changes = ChangeSet()
        // Appointments born here are known by the sys_id their export gives them.
        let bySysID = Dictionary(desk.appointments.values.map { a in (a.sysID ?? ServiceNowID.generated(for: a.id), a.id) },
                                 uniquingKeysWith: { a, _ in a })
        _ = try ServiceNowTables.rows(path, table: table, strict: true) { (row) throws(ServiceNowDirectory.RowProblem) in
            func need(_ column: String) throws(ServiceNowDirectory.RowProblem) -> String {
                guard let value = row.value(column) else { throw .init(problem: "\(column) is empty") }
                return value
            }
            let sysID = try need("sys_id")
            let number = row.value("number") ?? ""
            // Already here (by sys_id): an export of this desk coming back, or a second import.
            if bySysID[sysID] != nil || changes.appointments.contains(where: { $0.sysID == sysID }) { return }
            let customerRef = try need("opened_for")
            guard let customer = desk.customers.values.first(where: { $0.sysID == customerRef })?.id
                    ?? ServiceNowID.frontdeskID(customerRef).flatMap({ desk.customers[$0]?.id }) else {
                throw .init(problem: "opened_for \(customerRef) is no customer of this desk (import sys_user first)")
            }
            let locationRef = try need("location")
            guard let location = desk.queues.values.first(where: { $0.sysID == locationRef || $0.id == locationRef || $0.name == locationRef })?.id
                    ?? ServiceNowID.frontdeskID(locationRef).flatMap({ desk.queues[$0]?.id }) else {
                throw .init(problem: "location \(locationRef) is no queue of this desk")
            }
            let startText = try need("window_start")
            guard let start = ServiceNowVocabulary.dateTime(startText) else {
                throw .init(problem: "window_start \"\(startText)\" is not YYYY-MM-DD HH:MM:SS")
            }
            let stateText = row.value("state") ?? "scheduled"
            guard let state = state(stateText) else {
                throw .init(problem: "state \"\(stateText)\" is not scheduled, cancelled, checked_in or no_show")
            }
            let created = row.value("sys_created_on").flatMap(ServiceNowVocabulary.dateTime) ?? now
            let id = Counters.parse(number)?.0 == .appointment && desk.appointments[number] == nil
                && !changes.appointments.contains(where: { $0.id == number }) ? number : counters.next(.appointment)
            if let (_, value) = Counters.parse(id), value > (counters.last[.appointment] ?? 0) { counters.last[.appointment] = value }
            var extra: [String: String] = [:]
            for (column, _) in row.cells where !known.contains(column) { extra[column] = row.value(column) ?? "" }
            let interaction = row.value("interaction").flatMap { ref in
                desk.interactions.first { ServiceNowExport.sysID($0) == ref }?.number
            }
            changes.put(Appointment(id: id, customer: customer, location: location, slotStart: start, reason: row.display("u_reason_for_visit") ?? "",
                                    state: state, createdBy: row.value("sys_created_by") ?? actor, createdAt: created,
                                    checkedInAt: state == .checkedIn ? start : nil, interaction: interaction, sysID: sysID,
                                    extraColumns: extra))
        }
        if let last = counters.last[.appointment], last != desk.counters.last[.appointment] { changes.counters[.appointment] = last }
        return changes
    }
}
