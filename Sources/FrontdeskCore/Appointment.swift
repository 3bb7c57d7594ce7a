/// A booked visit to a walk-up location (ServiceNow's `wu_appointment`): a customer, a slot,
/// a reason. Shortly before its slot it becomes a Queued walk-up (`offerLeadMinutes`), and a
/// visitor who checks in on time for it is served ahead of walk-ins.
public struct Appointment: Equatable, Sendable {
    public enum State: String, Sendable, CaseIterable, Codable {
        case booked
        case cancelled
        case checkedIn = "checked_in"
        case missed

        public var display: String {
            switch self {
            case .booked: "Booked"
            case .cancelled: "Cancelled"
            case .checkedIn: "Checked in"
            case .missed: "Missed"
            }
        }
    }

    /// `APT0000001`.
    public var id: String
    /// Customer id (`CUS…`).
    public var customer: String
    /// The walk-up location: a queue id.
    public var location: String
    public var slotStart: Instant
    public var reason: String
    public var state: State
    public var createdBy: String
    public var createdAt: Instant
    /// When the visitor checked in for it.
    public var checkedInAt: Instant?
    /// The walk-up it became (offered before the slot, or made at check-in).
    public var interaction: String?
    /// The `wu_appointment` row it was imported from; nil for appointments booked here.
    public var sysID: String?
    /// Columns of the imported row that Frontdesk does not read, kept for the export.
    public var extraColumns: [String: String]
    /// Bumped on every change.
    public var version: Int

    public init(id: String, customer: String, location: String, slotStart: Instant, reason: String, state: State = .booked,
                createdBy: String, createdAt: Instant, checkedInAt: Instant? = nil, interaction: String? = nil,
                sysID: String? = nil, extraColumns: [String: String] = [:], version: Int = 1) {
        self.id = id; self.customer = customer; self.location = location; self.slotStart = slotStart; self.reason = reason
        self.state = state; self.createdBy = createdBy; self.createdAt = createdAt; self.checkedInAt = checkedInAt
        self.interaction = interaction; self.sysID = sysID; self.extraColumns = extraColumns; self.version = version
    }

    /// Booked and not yet checked in, cancelled or missed: it holds its slot.
    public var isOpen: Bool { state == .booked }

    /// Checked in no later than its slot's start: such a visitor is served ahead of walk-ins.
    public var checkedInOnTime: Bool {
        guard let at = checkedInAt else { return false }
        return at <= slotStart
    }
}

/// Stored as snake_case JSON; optional parts are written only when set, so an appointment
/// booked here never carries an imported row's columns.
extension Appointment: Codable {
    enum CodingKeys: String, CodingKey {
        case id, customer, location, slotStart = "slot_start", reason, state, createdBy = "created_by", createdAt = "created_at"
        case checkedInAt = "checked_in_at", interaction, sysID = "sys_id", extraColumns = "servicenow_columns", version
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), customer: try c.decode(String.self, forKey: .customer),
                  location: try c.decode(String.self, forKey: .location), slotStart: try c.decode(Instant.self, forKey: .slotStart),
                  reason: try c.decode(String.self, forKey: .reason), state: try c.decode(State.self, forKey: .state),
                  createdBy: try c.decode(String.self, forKey: .createdBy), createdAt: try c.decode(Instant.self, forKey: .createdAt),
                  checkedInAt: try c.decodeIfPresent(Instant.self, forKey: .checkedInAt),
                  interaction: try c.decodeIfPresent(String.self, forKey: .interaction),
                  sysID: try c.decodeIfPresent(String.self, forKey: .sysID),
                  extraColumns: try c.decodeIfPresent([String: String].self, forKey: .extraColumns) ?? [:],
                  version: try c.decode(Int.self, forKey: .version))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(customer, forKey: .customer)
        try c.encode(location, forKey: .location)
        try c.encode(slotStart, forKey: .slotStart)
        try c.encode(reason, forKey: .reason)
        try c.encode(state, forKey: .state)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(checkedInAt, forKey: .checkedInAt)
        try c.encodeIfPresent(interaction, forKey: .interaction)
        try c.encodeIfPresent(sysID, forKey: .sysID)
        if !extraColumns.isEmpty { try c.encode(extraColumns, forKey: .extraColumns) }
        try c.encode(version, forKey: .version)
    }
}
