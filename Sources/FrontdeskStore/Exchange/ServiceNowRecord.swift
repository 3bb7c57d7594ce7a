import FrontdeskCore

/// An interaction in the shape of a ServiceNow Table API row (`GET /api/now/table/interaction`):
/// ServiceNow column names, date-times as `YYYY-MM-DD HH:MM:SS` UTC, durations as ServiceNow
/// writes a glide_duration (`1970-01-01 HH:MM:SS`, whole days added to the date), the update
/// count as `sys_mod_count`, and dot-walked columns for the referenced customer and profile.
/// Work notes, the transcript, the audit trail and related tasks travel as arrays of
/// journal-, audit- and task-shaped rows so that an export imports back unchanged.
struct ServiceNowRecord: Codable {
    struct JournalRow: Codable {
        var element: String
        var value: String
        var sys_created_by: String
        var sys_created_on: String
    }

    struct AuditRow: Codable {
        var fieldname: String
        var oldvalue: String?
        var newvalue: String?
        var user: String
        var sys_created_on: String
    }

    struct TaskRow: Codable {
        var number: String
        var sys_class_name: String
        var state: String
        var short_description: String
        var opened_for: String?
        var assigned_to: String?
        var opened_at: String
    }

    var number: String
    var sys_class_name: String
    var type: String
    var state: String
    var state_reason: String?
    var opened_for: String?
    var opened_for_name: String?
    var opened_for_email: String?
    var opened_for_phone: String?
    var opened_for_company: String?
    var opened_for_vip: Bool?
    var channel_user_profile: String?
    var channel_user_profile_channel: String?
    var channel_user_profile_identifier: String?
    var assigned_to: String?
    var assignment_group: String?
    var short_description: String
    var opened_at: String
    var accepted_at: String?
    var closed_at: String?
    var archived_at: String?
    var wait_time: String
    var duration: String
    var u_hold_time: String
    var u_wrap_up_time: String
    var sys_mod_count: Int
    var work_notes: [JournalRow]
    var comments: [JournalRow]
    var u_audit: [AuditRow]
    var u_related_tasks: [TaskRow]

    enum CodingKeys: String, CodingKey {
        case number, sys_class_name, type, state, state_reason, opened_for
        case opened_for_name = "opened_for.name", opened_for_email = "opened_for.email"
        case opened_for_phone = "opened_for.phone", opened_for_company = "opened_for.company"
        case opened_for_vip = "opened_for.vip"
        case channel_user_profile
        case channel_user_profile_channel = "channel_user_profile.channel"
        case channel_user_profile_identifier = "channel_user_profile.channel_user_id"
        case assigned_to, assignment_group, short_description, opened_at, accepted_at, closed_at, archived_at
        case wait_time, duration, u_hold_time, u_wrap_up_time, sys_mod_count, work_notes, comments, u_audit, u_related_tasks
    }

    static func duration(_ seconds: Int64) -> String { Instant(seconds: seconds).serviceNowDateTime }

    static func taskClass(_ kind: TaskKind) -> String {
        switch kind {
        case .incident: "incident"
        case .case: "sn_customerservice_case"
        case .request: "sc_request"
        }
    }

    static func taskKind(_ sysClass: String) -> TaskKind? {
        TaskKind.allCases.first { taskClass($0) == sysClass }
    }

    init(_ r: Interaction, in desk: Desk, at now: Instant) {
        let timers = r.timers(at: now)
        let customer = r.openedFor.flatMap { desk.customers[$0] }
        let profile = r.channelUserProfile.flatMap { desk.profiles[$0] }
        number = r.number
        sys_class_name = "interaction"
        type = r.type.rawValue
        state = r.state.rawValue
        state_reason = r.stateReason?.rawValue
        opened_for = r.openedFor
        opened_for_name = customer?.name
        opened_for_email = customer?.email
        opened_for_phone = customer?.phone
        opened_for_company = customer?.company
        opened_for_vip = customer?.vip
        channel_user_profile = r.channelUserProfile
        channel_user_profile_channel = profile?.channel.rawValue
        channel_user_profile_identifier = profile?.identifier
        assigned_to = r.assignedTo
        assignment_group = r.queue
        short_description = r.shortDescription
        opened_at = r.openedAt.serviceNowDateTime
        accepted_at = r.acceptedAt?.serviceNowDateTime
        closed_at = r.closedAt?.serviceNowDateTime
        archived_at = r.archivedAt?.serviceNowDateTime
        wait_time = Self.duration(timers.wait)
        duration = Self.duration(timers.duration)
        u_hold_time = Self.duration(timers.hold)
        u_wrap_up_time = Self.duration(timers.wrapUp)
        sys_mod_count = r.version - 1
        work_notes = r.workNotes.map {
            JournalRow(element: "work_notes", value: $0.text, sys_created_by: $0.author, sys_created_on: $0.at.serviceNowDateTime)
        }
        comments = r.transcript.map {
            JournalRow(element: "comments", value: $0.text, sys_created_by: $0.from, sys_created_on: $0.at.serviceNowDateTime)
        }
        u_audit = r.history.map {
            AuditRow(fieldname: $0.change.field, oldvalue: $0.change.oldValue, newvalue: $0.change.newValue,
                     user: $0.by, sys_created_on: $0.at.serviceNowDateTime)
        }
        u_related_tasks = r.relatedTasks.compactMap { number in
            desk.task(anywhere: number).map {
                TaskRow(number: $0.number, sys_class_name: Self.taskClass($0.kind), state: $0.state.rawValue,
                        short_description: $0.shortDescription, opened_for: $0.openedFor, assigned_to: $0.assignedTo,
                        opened_at: $0.openedAt.serviceNowDateTime)
            }
        }
    }

    /// Every key is written, null where empty, as the Table API does.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(sys_class_name, forKey: .sys_class_name)
        try c.encode(type, forKey: .type)
        try c.encode(state, forKey: .state)
        try c.encode(state_reason, forKey: .state_reason)
        try c.encode(opened_for, forKey: .opened_for)
        try c.encode(opened_for_name, forKey: .opened_for_name)
        try c.encode(opened_for_email, forKey: .opened_for_email)
        try c.encode(opened_for_phone, forKey: .opened_for_phone)
        try c.encode(opened_for_company, forKey: .opened_for_company)
        try c.encode(opened_for_vip, forKey: .opened_for_vip)
        try c.encode(channel_user_profile, forKey: .channel_user_profile)
        try c.encode(channel_user_profile_channel, forKey: .channel_user_profile_channel)
        try c.encode(channel_user_profile_identifier, forKey: .channel_user_profile_identifier)
        try c.encode(assigned_to, forKey: .assigned_to)
        try c.encode(assignment_group, forKey: .assignment_group)
        try c.encode(short_description, forKey: .short_description)
        try c.encode(opened_at, forKey: .opened_at)
        try c.encode(accepted_at, forKey: .accepted_at)
        try c.encode(closed_at, forKey: .closed_at)
        try c.encode(archived_at, forKey: .archived_at)
        try c.encode(wait_time, forKey: .wait_time)
        try c.encode(duration, forKey: .duration)
        try c.encode(u_hold_time, forKey: .u_hold_time)
        try c.encode(u_wrap_up_time, forKey: .u_wrap_up_time)
        try c.encode(sys_mod_count, forKey: .sys_mod_count)
        try c.encode(work_notes, forKey: .work_notes)
        try c.encode(comments, forKey: .comments)
        try c.encode(u_audit, forKey: .u_audit)
        try c.encode(u_related_tasks, forKey: .u_related_tasks)
    }
}
