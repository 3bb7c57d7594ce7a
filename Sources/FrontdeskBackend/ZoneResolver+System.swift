import Foundation
import FrontdeskCore

extension ZoneResolver {
    /// Walk-up locations' time zones from the system's time zone database (Foundation's
    /// `TimeZone`), which FrontdeskCore cannot read itself. Every store sets it on its desk.
    public static let system = ZoneResolver { id in
        guard let zone = TimeZone(identifier: id) else { return nil }
        return ZoneOffsets(identifier: id) { instant in
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds)))
        }
    }
}
