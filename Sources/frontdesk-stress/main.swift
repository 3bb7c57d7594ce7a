// A store writer for the crash-safety and concurrency tests. It prints one line per
// acknowledged change ("ack NUMBER VERSION"), flushed only after the store returned, so
// every printed line is a change the store promised to keep. STORE is a folder (the file
// store) or a postgres:// URL, opened as `frontdesk --store` opens it.
//
//   frontdesk-stress init STORE                              creates the desk (a small seed); prints "ready"
//   frontdesk-stress append STORE COUNT THRESHOLD [--probe]  creates, notes and closes records; 0 = forever
//                                                            (history window 0: compactions move what closed)
//   frontdesk-stress read STORE SECONDS                      reads every record in history, over and over
//   frontdesk-stress add STORE COUNT ACTOR [--retry]         adds COUNT intake records; with --retry a store
//                                                            that cannot be reached is said ("fail I …") and
//                                                            the same record tried again on the next action,
//                                                            and one whose commit is in doubt said ("doubt I")
//                                                            and left (never saved twice)
//   frontdesk-stress follow STORE COUNT                      a live consumer: prints "listening", then
//                                                            "seen NUMBER" for each record that appears
//                                                            (waitForChange + refresh), until COUNT were seen
//   frontdesk-stress late-note STORE NUMBER GATE             opens the store, says "opened", waits
//                                                            for the file GATE, then notes NUMBER
import FrontdeskBackend
import FrontdeskCore
import FrontdeskStore
#if canImport(Glibc)
import Glibc
#endif

/// Writes straight to the descriptor: nothing sits in a buffer when the test kills us.
func write(_ text: String, to fd: Int32) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
}

func say(_ line: String) { write(line + "\n", to: 1) }

func now() -> Instant { Instant(seconds: Int64(time(nil))) }

let args = CommandLine.arguments
guard args.count >= 3, args[1] == "init" || args.count >= 4 else {
    write("usage: frontdesk-stress init STORE | append STORE COUNT THRESHOLD [--probe] | add STORE COUNT ACTOR [--retry] | follow STORE COUNT\n", to: 2)
    exit(2)
}
let mode = args[1], dir = args[2], count = args.count > 3 ? Int(args[3]) ?? 0 : 0
/// The tests' store names ana its supervisor: she may change settings and act on every record.
let stressActor = "ana"
// Writers are killed at any moment; the store's durability, not exit handlers, is under test.

/// A store error on one line (a server's message may hold a newline).
func oneLine(_ error: any Error) -> String {
    String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
}

do {
    if mode == "init" {
        _ = try openStore(dir, seed: stressSeed())
        say("ready")
        exit(0)
    }
    let store = try openStore(dir)
    let customer = store.desk.customers.keys.sorted().first
    switch mode {
    case "append":
        if let files = store as? Store {
            files.compactionThreshold = Int(args[4]) ?? 16_384
            files.historyInBatches = false      // every compaction moves what closed: history grows while we kill
            if args.contains("--probe") {
                files.compactionProbe = { step in
                    say("step \(step.rawValue)")
                    usleep(4000)
                }
            }
        }
        if store.desk.config.historyWindowDays != 0 {
            try store.perform(.setConfig(key: "history.window", value: "0d"), by: stressActor, at: now())
        }
        var current: String?
        var i = 0
        while count == 0 || i < count {
            let result: CommandResult
            if let number = current, i % 4 == 3 {
                // Closed: the next compaction moves it to history.
                result = try store.perform(.transition(number: number, .complete), by: stressActor, at: now())
            } else if let number = current, i % 4 != 0 {
                result = try store.perform(.addNote(number: number, text: "note \(i) " + String(repeating: "x", count: 60)),
                                           by: stressActor, at: now())
            } else {
                result = try store.perform(.create(type: .walkUp, openedFor: customer!, queue: nil, shortDescription: "visit \(i)", accept: true),
                                           by: stressActor, at: now())
                current = result.subject
                if i % 8 == 0 { try store.perform(.createTask(number: result.subject!, kind: .incident), by: stressActor, at: now()) }
            }
            let number = result.changes.interactions[0].number
            say("ack \(number) \(store.desk.interaction(number)!.version)")
            i += 1
        }
    case "read":
        // A console reading history while writers come and go and compactions are cut short:
        // every record it can list must read back whole.
        let until = now().adding(Int64(count))
        var read = 0
        while now() < until {
            let store = try openStore(dir)
            guard let history = store.desk.history else { usleep(20_000); continue }
            for view in [WorkView.closed, .archived] {
                for k in 0..<history.count(in: view) {
                    guard let row = history.row(in: view, at: k) else { continue }
                    guard let record = try history.record(number: row.number), record.number == row.number else {
                        write("row \(row.number) did not read back\n", to: 2)
                        exit(3)
                    }
                    for task in record.relatedTasks where try store.desk.task(anywhere: task) == nil {
                        write("task \(task) of \(row.number) is missing\n", to: 2)
                        exit(3)
                    }
                    read += 1
                }
            }
        }
        say("read \(read)")
    case "late-note":
        // Opened now, written later: whatever this process saw on disk at open must not
        // decide what it cuts when it finally writes.
        say("opened")
        while access(args[4], F_OK) != 0 { usleep(1000) }
        let result = try store.perform(.addNote(number: args[3], text: "late note"), by: stressActor, at: now())
        say("ack \(args[3]) \(result.changes.interactions[0].version)")
    case "add":
        let retry = args.contains("--retry")
        var i = 0
        while i < count {
            // Walk-ups: each is a record of its own (a customer's chats join their open one).
            let result: CommandResult
            do {
                result = try store.perform(.intake(type: .walkUp, openedFor: customer!, queue: nil, text: "\(args[4]) \(i)"),
                                           by: args[4], at: now())
            } catch let error as StoreError where retry && error.isTemporary {
                // Not saved; the next action (the same record again) reconnects.
                say("fail \(i) \(oneLine(error))")
                usleep(20_000)
                continue
            } catch StoreError.commitInDoubt where retry {
                // Perhaps saved: not acknowledged, and not tried again (it could be saved twice).
                say("doubt \(i)")
                i += 1
                continue
            }
            say("ack \(result.subject!) 1")
            i += 1
        }
    case "follow":
        // What the desk held at the start is not news; every record after it is said once.
        var seen = Set(store.desk.interactions.map(\.number))
        store.waitForChange(milliseconds: 0)        // listening from here on
        say("listening")
        var news = 0
        while news < count {
            store.waitForChange(milliseconds: 2000)
            do { try store.refresh() } catch let error as StoreError where error.isTemporary {
                say("fail \(oneLine(error))")
                usleep(20_000)
                continue
            }
            for record in store.desk.interactions where !seen.contains(record.number) {
                seen.insert(record.number)
                say("seen \(record.number)")
                news += 1
            }
        }
    default:
        write("unknown mode \(mode)\n", to: 2)
        exit(2)
    }
} catch {
    write("frontdesk-stress: \(error)\n", to: 2)
    exit(3)
}
