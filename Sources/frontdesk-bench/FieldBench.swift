import FrontdeskCore
import FrontdeskUI

/// One key into a text field that already holds a long text, with the frame it causes: an
/// agent pasting a page into a work note. The store's size plays no part.
enum FieldBench {
    struct Result {
        var length: Int
        var median: Double
        var worst: Double
    }

    static func run(length: Int = 10_000, keys: Int = 400) throws -> Result {
        let now = Instant(seconds: 1_800_000_000)
        var desk = Desk(config: DeskConfig(phoneChannel: true, wrapUp: [], defaultQueue: "desk"))
        var base = ChangeSet()
        base.queues = [Queue(id: "desk", name: "Desk", channels: InteractionType.allCases, targetWaitSeconds: 300)]
        base.agents = [Agent(login: "bench", displayName: "Bench", queues: ["desk"])]
        desk.apply(base)
        desk.apply(try desk.plan(.create(type: .walkUp, openedFor: nil, queue: nil, shortDescription: "Paste", accept: true),
                                 by: "bench", at: now).changes)

        var state = ConsoleState(agent: "bench", storeLabel: "bench", now: now, width: 100, height: 30)
        state.reloadRows(desk)
        _ = state.handle(.key(.enter), desk: desk)            // the record
        _ = state.handle(.key(.character("w")), desk: desk)   // a new work note
        let words = Array("Zoë 山田 👍🏽 the printer on floor three is on fire again ")
        for i in 0..<length { _ = state.handle(.key(.character(words[i % words.count])), desk: desk) }

        guard case .text(let prompt)? = state.dialog, prompt.field.text.count == length else {
            throw BenchError("the work-note field did not receive the \(length) characters")
        }
        var times: [Double] = []
        let edits: [Key] = [.character("x"), .left, .character("\u{301}"), .backspace, .home, .character("a"), .end, .right]
        for i in 0..<keys {
            let key = edits[i % edits.count]
            times.append(Measure.time {
                _ = state.handle(.key(key), desk: desk)
                _ = state.render(desk)
            })
        }
        return Result(length: length, median: Measure.percentile(times, 50), worst: times.max() ?? .nan)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
