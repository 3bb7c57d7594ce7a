/// The state-changing actions of rule 4.
public enum RecordAction: String, CaseIterable, Sendable {
    case accept, hold, resume, transfer, endConversation = "end", complete, abandon, reopen

    public var verb: String {
        switch self {
        case .endConversation: "end the conversation of"
        default: rawValue
        }
    }

    /// The states this action may start from.
    public var allowedFrom: Set<InteractionState> {
        switch self {
        case .accept: [.new, .queued, .onHold]
        case .hold: [.workInProgress]
        case .resume: [.onHold]
        case .transfer: [.new, .queued, .onHold, .workInProgress, .wrapUp]
        case .endConversation: [.workInProgress]
        case .complete: [.workInProgress, .onHold, .wrapUp]
        case .abandon: [.new, .queued, .onHold, .workInProgress, .wrapUp]
        case .reopen: [.closedComplete, .closedAbandoned]
        }
    }

    /// The rule, in words, for a refusal message.
    public var rule: String {
        switch self {
        case .accept: "only a New, Queued or On Hold record can be accepted"
        case .hold: "only a record in Work in Progress can be put on hold"
        case .resume: "only an On Hold record can be resumed"
        case .transfer: "only an open record can be transferred"
        case .endConversation: "only a record in Work in Progress can end its conversation"
        case .complete: "only a record in Work in Progress, On Hold or Wrap Up can be completed"
        case .abandon: "only an open record can be abandoned"
        case .reopen: "only a closed record that is not archived can be reopened"
        }
    }
}
