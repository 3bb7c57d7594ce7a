import Foundation
import FrontdeskCore

/// Importing a ServiceNow export as a whole process: a Table API file of `count` interactions
/// (raw values with reference links, the columns an instance writes, ~1 KB a row) and its
/// sys_user table into a new store; the same file again (every row already there); and
/// Python's `json.load` of the file beside it, the script a user would write instead.
enum ImportFigures {
    static func measure(_ row: inout Row, count: Int, tools: Tools, work: String) throws {
        guard tools.hasFrontdesk else { return }
        let file = work + "/servicenow-\(count).json", users = work + "/servicenow-users-\(count).json"
        if !FileManager.default.fileExists(atPath: file) {
            let seconds = try Measure.time { try ServiceNowFile.write(count: count, interactions: file, users: users) }
            print("[\(count)] ServiceNow export written in \(Measure.s(seconds))")
        }
        row.importBytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let store = work + "/imported-\(count)"
        try? FileManager.default.removeItem(atPath: store)
        let command = [tools.frontdesk, "import", file, "--users", users, "--store", store]
        guard let first = Measure.process(command), let again = Measure.process(command) else {
            FileHandle.standardError.write(Data("frontdesk import \(file) failed\n".utf8))
            exit(1)
        }
        (row.importTime, row.importPeak) = (first.seconds, first.peak)
        (row.reimportTime, row.reimportPeak) = (again.seconds, again.peak)
        if tools.python, let peer = Measure.process(["python3", "-c", "import json,sys; print(len(json.load(open(sys.argv[1]))['result']))", file]) {
            (row.pythonLoad, row.pythonPeak) = (peer.seconds, peer.peak)
        }
        try? FileManager.default.removeItem(atPath: store)
    }
}

/// Writes a Table API export as an instance gives it, streaming (a million rows is about 1 GB).
enum ServiceNowFile {
    static let link = "https://example.service-now.com/api/now/table/"

    static func write(count: Int, interactions path: String, users usersPath: String) throws {
        var random = SplitMix(seed: 7)
        let people = max(100, min(count / 20, 50_000)), agents = 40
        func sysID(_ kind: UInt64, _ n: Int) -> String {
            String(format: "%016llx%016llx", kind &* 0x9E3779B97F4A7C15, UInt64(n) &* 0xBF58476D1CE4E5B9 ^ kind)
        }
        // People: customers, then agents.
        var userRows: [String] = []
        let first = ["Beth", "Fred", "Zoë", "Łukasz", "Aiko", "Omar", "Ines", "Kwame", "Sven", "Priya"]
        let last = ["Anglin", "Luddy", "Müller", "Żółć", "Tanaka", "Haddad", "García", "Mensah", "Berg", "Raman"]
        for n in 0..<(people + agents) {
            let name = first[n % 10] + " " + last[(n / 10) % 10] + " \(n)"
            let login = n >= people ? "agent\(n - people)" : "user\(n)"
            userRows.append("""
            {"sys_id":"\(sysID(1, n))","user_name":"\(login)","name":"\(name)","first_name":"\(first[n % 10])","last_name":"\(last[(n / 10) % 10])",\
            "email":"\(login)@example.com","phone":"+1 555 01\(String(format: "%02d", n % 100))","mobile_phone":"","vip":"\(n % 50 == 0)",\
            "company":{"link":"\(link)core_company/\(sysID(9, n % 30))","value":"\(sysID(9, n % 30))"},"active":"true"}
            """)
        }
        try Data(("{\"result\":[\n" + userRows.joined(separator: ",\n") + "\n]}\n").utf8).write(to: URL(fileURLWithPath: usersPath))

        guard let out = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { throw CocoaError(.fileWriteUnknown) }
        defer { try? out.close() }
        var chunk = "{\"result\":["
        let types = ["chat", "phone", "walkup", "messaging"]
        let shorts = ["Password reset", "VPN will not connect", "Printer jammed on floor 3", "New starter laptop", "Badge not working",
                      "Outlook keeps asking for a password", "Teams audio drops", "Access to the finance share", "Monitor flickers", "Software request"]
        // A thousand contacts a day, ending now: the oldest are years back.
        let end = Instant(seconds: Int64(time(nil)))
        for k in 0..<count {
            let opened = end.adding(-Int64(count - k) * 86 - Int64(random.next() % 60))
            let recent = k >= count - count / 100
            let state = recent ? ["new", "queued", "work_in_progress", "on_hold"][Int(random.next() % 4)]
                               : (random.next() % 10 == 0 ? "closed_abandoned" : "closed_complete")
            let wait = Int64(random.next() % 600), spent = state == "closed_abandoned" ? 0 : Int64(60 + random.next() % 1800)
            let closed = state.hasPrefix("closed") ? opened.adding(wait + spent).serviceNowDateTime : ""
            let person = Int(random.next() % UInt64(people)), agent = people + Int(random.next() % UInt64(agents))
            let number = "IMS" + String(format: "%07d", k + 1)
            chunk += (k == 0 ? "\n" : ",\n") + """
            {"sys_id":"\(sysID(2, k))","number":"\(number)","sys_class_name":"interaction","type":"\(types[k % 4])","state":"\(state)",\
            "state_reason":"","active":"\(!state.hasPrefix("closed"))",\
            "opened_for":{"link":"\(link)sys_user/\(sysID(1, person))","value":"\(sysID(1, person))"},\
            "assigned_to":{"link":"\(link)sys_user/\(sysID(1, agent))","value":"\(sysID(1, agent))"},\
            "assignment_group":{"link":"\(link)sys_user_group/\(sysID(3, k % 5))","value":"\(sysID(3, k % 5))"},\
            "channel_user_profile":"","short_description":"\(shorts[Int(random.next() % 10)]) (\(k))",\
            "opened_at":"\(opened.serviceNowDateTime)","closed_at":"\(closed)",\
            "wait_time":"\(Instant(seconds: wait).serviceNowDateTime)","duration":"\(Instant(seconds: spent).serviceNowDateTime)",\
            "work_notes":"","sys_mod_count":"\(3 + random.next() % 5)","sys_updated_on":"\(closed.isEmpty ? opened.serviceNowDateTime : closed)",\
            "sys_created_on":"\(opened.serviceNowDateTime)","sys_created_by":"agent\(agent - people)","sys_updated_by":"agent\(agent - people)",\
            "direction":"inbound","caller_phone_number":"","wrap_up_duration":"","system_wrap_up":"false","context_table":"",\
            "sys_domain":{"link":"\(link)sys_user_group/global","value":"global"},"sys_tags":""}
            """
            if chunk.utf8.count > 1 << 20 {
                out.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        chunk += "\n]}\n"
        out.write(Data(chunk.utf8))
    }
}

/// A small fixed-seed generator: the same file every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
