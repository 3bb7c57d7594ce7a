import FrontdeskCore

/// A walk-up location's settings in the console (supervisors, `L` on its counter): the list,
/// and Enter to edit the selected value in a text dialog saved through `.setConfig`, the
/// command `frontdesk config set` runs. The domain decides: a refused value brings the dialog
/// back with what was typed and the rule on the message line (`.saveFailed`).
extension ConsoleState {
    /// Rows of the settings list: the body (the title and column header are the header's).
    var locationSettingRows: Int { listHeight }

    /// The settings of the counter shown, the first selected.
    mutating func openLocationSettings(_ desk: Desk) {
        guard let location = home.counter else { return }
        locationSettings = LocationSettingsScreen(location: location)
        screen = .locationSettings
        searchField = nil
        clampLocationSettings(desk)
    }

    /// Back to the counter the settings were opened from.
    mutating func leaveLocationSettings(_ desk: Desk) {
        locationSettings = nil
        screen = .home
        reloadRows(desk)
    }

    mutating func clampLocationSettings(_ desk: Desk) {
        guard var shown = locationSettings else { return }
        shown.clamp(count: desk.locationSettings(shown.location).count, visibleRows: locationSettingRows)
        locationSettings = shown
    }

    /// What a key does on the settings screen; nil for the keys every screen shares.
    mutating func locationSettingsAction(_ action: UIAction, desk: Desk) -> [ConsoleEffect]? {
        guard var shown = locationSettings else { return nil }
        switch action {
        case .moveUp, .moveDown, .pageUp, .pageDown, .first, .last:
            shown.move(action, count: desk.locationSettings(shown.location).count, visibleRows: locationSettingRows)
            locationSettings = shown
        case .back:
            leaveLocationSettings(desk)
        case .editSelected:
            guard let setting = shown.selected(desk) else { return [] }
            let value = TextSanitizer.clean(setting.value)
            dialog = .text(TextPrompt(title: "\(setting.label) · \(TextSanitizer.clean(desk.queues[shown.location]?.name ?? shown.location))",
                                      hint: setting.allowed.isEmpty ? setting.key : setting.allowed.joined(separator: "; "),
                                      field: TextField(value), purpose: .locationSetting(key: setting.key), original: value))
        default:
            return nil
        }
        return []
    }
}
