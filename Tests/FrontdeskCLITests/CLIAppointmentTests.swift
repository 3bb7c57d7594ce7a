import Foundation
import Testing
import FrontdeskTestSupport

/// Appointments and ratings from the command line, on both backends: book, list, reschedule,
/// the .ics confirmation, cancel; a refusal names its rule and writes nothing.
@Suite struct CLIAppointmentTests {
    /// A walk-up location in Paris, open every day 09:00-17:00, 30-minute slots.
    func location(_ cli: CLI) {
        cli.run("queue", "add", "walk-in", "--name", "Walk-in Counter", "--channels", "walk-up")
        for (key, value) in [("walk_up", "on"), ("walk_up.time_zone", "Europe/Paris"), ("walk_up.hours", "mon-sun 09:00-17:00"),
                             ("walk_up.slot_minutes", "30"), ("walk_up.reasons", "Laptop repair,Badge")] {
            let set = cli.run("config", "set", "queue.walk-in.\(key)", value)
            #expect(set.status == 0, "\(key): \(set.err)")
        }
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com")
    }

    func appointments(_ cli: CLI, _ extra: String...) -> [[String: Any]] {
        let out = cli.run(["appointment", "list", "--json"] + extra).out
        return (try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]]) ?? []
    }

    @Test(arguments: TestBackend.allCases)
    func bookListRescheduleCalendarAndCancel(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        location(cli)
        // 10:00 in Paris in June is 08:00 UTC (summer time).
        let booked = cli.run("appointment", "add", "--for", "zoe@example.com", "--at", "2030-06-03 10:00", "--location", "walk-in",
                             "--reason", "laptop repair")
        #expect(booked.status == 0 && booked.out == "APT0000001\n", "\(booked.out)\(booked.err)")
        let listed = try #require(appointments(cli).first)
        #expect(listed["slot_start"] as? String == "2030-06-03T08:00:00Z")
        #expect((listed["slot_local"] as? String)?.hasPrefix("2030-06-03 10:00") == true)
        #expect(listed["reason"] as? String == "Laptop repair" && listed["state"] as? String == "booked")
        #expect(listed["customer_name"] as? String == "Zoë Müller")

        // One per customer: refused, naming the rule, and nothing is written.
        let before = cli.contents()
        let second = cli.run("appointment", "add", "--for", "zoe@example.com", "--at", "2030-06-04 10:00", "--location", "walk-in",
                             "--reason", "Badge")
        #expect(second.status == 1 && second.err.contains("one open appointment per customer"), "\(second.err)")
        let offGrid = cli.run("appointment", "reschedule", "1", "--at", "2030-06-03 10:10")
        #expect(offGrid.status == 1 && offGrid.err.contains("not a slot start"), "\(offGrid.err)")
        #expect(cli.contents() == before)

        let moved = cli.run("appointment", "reschedule", "APT0000001", "--at", "2030-06-03 10:30")
        #expect(moved.status == 0, "\(moved.err)")
        #expect(appointments(cli, "--date", "2030-06-03").first?["slot_start"] as? String == "2030-06-03T08:30:00Z")
        #expect(appointments(cli, "--date", "2030-06-04").isEmpty)
        #expect(cli.run("appointment", "list").out.contains("APT0000001"))

        let ics = cli.run("appointment", "ics", "1")
        #expect(ics.status == 0)
        let text = String(decoding: ics.outBytes, as: UTF8.self)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.contains("\r\nDTSTART:20300603T083000Z\r\nDTEND:20300603T090000Z\r\nSEQUENCE:1\r\n"))
        #expect(text.contains("\r\nUID:APT0000001-") && text.hasSuffix("END:VCALENDAR\r\n"))

        #expect(cli.run("appointment", "cancel", "1").out == "APT0000001 cancelled\n")
        #expect(appointments(cli, "--state", "cancelled").count == 1)
        let again = cli.run("appointment", "cancel", "1")
        #expect(again.status == 1 && again.err.contains("only a booked appointment can be cancelled"))
    }

    @Test(arguments: TestBackend.allCases)
    func aClosedVisitIsRatedOnce(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com")
        cli.run("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "Badge")
        let open = cli.run("rate", "1", "--score", "4")
        #expect(open.status == 1 && open.err.contains("a rating comes after it"), "\(open.err)")
        cli.run("complete", "1")
        let rated = cli.run("rate", "1", "--score", "4", "--comment", "Quick and kind")
        #expect(rated.status == 0 && rated.out == "IMS0000001 rated 4 of 5\n", "\(rated.out)\(rated.err)")
        #expect(cli.run("show", "1").out.contains("Quick and kind"))
        let before = cli.contents()
        let twice = cli.run("rate", "1", "--score", "2")
        #expect(twice.status == 1 && twice.err.contains("already rated 4 of 5"))
        let forged = cli.run(["rate", "1", "--score", "1", "--token", "not-the-token-at-all"], agent: "walk-up")
        #expect(forged.status == 1 && forged.err.contains("the link is not this visit's"), "\(forged.err)")
        #expect(cli.contents() == before)
    }

    /// `wu_appointment` out of one desk and into another: the same appointment, an unknown
    /// column kept, a second import adds nothing, a bad row stops the import and writes nothing.
    @Test(arguments: TestBackend.allCases)
    func serviceNowAppointmentsGoRoundTrip(_ backend: TestBackend) throws {
        let from = try CLI(backend), to = try CLI(backend)
        defer { from.cleanUp(); to.cleanUp() }
        location(from); location(to)
        from.run("appointment", "add", "--for", "zoe@example.com", "--at", "2030-06-03 10:00", "--location", "walk-in", "--reason", "Badge")
        let exported = from.run("appointment", "export")
        #expect(exported.status == 0, "\(exported.err)")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(exported.out.utf8)) as? [String: Any])
        var rows = try #require(document["result"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows[0]["number"] as? String == "APT0000001" && rows[0]["state"] as? String == "scheduled")
        #expect(rows[0]["window_start"] as? String == "2030-06-03 08:00:00" && rows[0]["window_end"] as? String == "2030-06-03 08:30:00")
        rows[0]["u_room"] = "B-12"
        document["result"] = rows
        let file = to.root + "/wu_appointment.json"
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: file))

        let imported = to.run("appointment", "import", file)
        #expect(imported.status == 0 && imported.out == "1 appointment imported\n", "\(imported.out)\(imported.err)")
        let listed = try #require(appointments(to).first)
        #expect(listed["id"] as? String == "APT0000001" && listed["slot_start"] as? String == "2030-06-03T08:00:00Z")
        #expect(listed["customer_name"] as? String == "Zoë Müller" && listed["reason"] as? String == "Badge")
        let back = try #require(try JSONSerialization.jsonObject(with: Data(to.run("appointment", "export").out.utf8)) as? [String: Any])
        let row = try #require((back["result"] as? [[String: Any]])?.first)
        #expect(row["u_room"] as? String == "B-12")
        #expect(row["sys_id"] as? String == rows[0]["sys_id"] as? String)
        #expect(to.run("appointment", "import", file).out == "0 appointments imported\n")
        // The desk it came from knows it too (by the sys_id its export gave it).
        #expect(from.run("appointment", "import", file).out == "0 appointments imported\n")

        rows[0]["sys_id"] = "0123456789abcdef0123456789abcdef"
        rows[0]["window_start"] = "tomorrow"
        document["result"] = rows
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: file))
        let before = to.contents()
        let bad = to.run("appointment", "import", file)
        #expect(bad.status == 1 && bad.err.contains("window_start \"tomorrow\" is not YYYY-MM-DD HH:MM:SS"), "\(bad.err)")
        #expect(to.contents() == before)
    }
}
