/// Where appointments meet the location's walk-up settings: slot length, capacity, lead,
/// reasons and opening hours.
extension Desk {
    /// The appointment settings of a walk-up location; refused when `location` is not one.
    func appointmentRules(_ location: String) throws(DomainError) -> AppointmentRules {
        guard let queue = queues[location] else { throw .notFound(kind: "location", key: location) }
        guard queue.serves(.walkUp) else { throw .appointment(subject: location, why: "it is not a walk-up location") }
        return .standard
    }

    /// The location's reasons for visit, in its order (empty: any reason).
    func walkUpReasons(_ location: String) -> [String] { [] }

    /// Why `start` is not one of the location's slots (off the grid, closed, a holiday), or nil.
    func slotGridProblem(_ start: Instant, at location: String, rules: AppointmentRules) -> String? { nil }
}

extension Desk {
    /// A location's appointment settings (the standard ones for a queue that is not a location).
    public func appointmentSettings(_ location: String) -> AppointmentRules {
        (try? appointmentRules(location)) ?? .standard
    }

    /// The IANA time zone a location's hours and slots are read in.
    public func appointmentTimeZone(_ location: String) -> String { "UTC" }
}
