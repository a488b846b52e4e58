import Foundation
import TandemTesting
import Testing

/// A re-plan's invitations, processed as an attendee's calendar processes iTIP (RFC 5546 §3.2,
/// Tests/Oracle/itip.py), leave exactly the new schedule's meetings, whichever order they arrive
/// in; held and unchanged meetings keep their UID and are not re-sent; a series cut short goes out
/// as its one REQUEST, with no CANCEL for dates it no longer has.
@Suite struct ITipReplanTests {
    /// How Emily Clarke's (L007) new Thursday commitment from December changes her series with Priya Shah (L001).
    enum Change: String, CaseIterable, Sendable {
        /// Busy 15:00-15:55: the later sessions move to 16:15, the held ones stay at 16:00.
        case moved
        /// Busy 15:30-17:30: no Thursday session is possible any more, the series ends early.
        case cutShort

        var busy: (String, String) { self == .moved ? ("150000", "155500") : ("153000", "173000") }
    }

    static let leaders = [("L007", "emily.clarke@stannes.example"), ("L001", "priya.shah@riverside.example")]
    static let now = "2026-11-22"

    struct Run {
        var root: URL
        var before: URL { root.appendingPathComponent("before") }
        var out: URL { root.appendingPathComponent("out") }
    }

    func replan(_ change: Change) throws -> Run {
        let root = try TestSupport.copyOfExample()
        let args = ["schedule", "Config/example/programme.yaml", "--out", "out", "--quiet"]
        let first = try runTandem(args + ["--now", "2026-09-01"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let run = Run(root: root)
        try FileManager.default.copyItem(at: run.out, to: run.before)
        let (from, to) = change.busy
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:thursdays@test\r\n"
            + "DTSTAMP:20261122T000000Z\r\nDTSTART;TZID=Europe/London:20261203T\(from)\r\n"
            + "DTEND;TZID=Europe/London:20261203T\(to)\r\nRRULE:FREQ=WEEKLY;BYDAY=TH\r\nSUMMARY:Trust board\r\n"
            + "END:VEVENT\r\nEND:VCALENDAR\r\n"
        try ics.write(to: root.appendingPathComponent("Calendars/example/L007.ics"), atomically: true, encoding: .utf8)
        let second = try runTandem(args + ["--now", Self.now], in: root)
        #expect(second.status == 0, "\(second.stderr)")
        return run
    }

    func meetings(_ folder: URL) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("schedule.json"))) as! [String: Any]
        return json["meetings"] as! [[String: Any]]
    }

    func invites(_ folder: URL) throws -> [String: String] {
        let dir = folder.appendingPathComponent("invites")
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        }
        return out
    }

    func withoutStamp(_ text: String) -> String {
        text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("DTSTAMP") }.joined(separator: "\n")
    }

    func unfolded(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
    }

    /// The messages a sender sends after the re-plan: every invite that is new or differs (DTSTAMP aside).
    func sent(_ run: Run) throws -> [String] {
        let old = try invites(run.before), new = try invites(run.out)
        return new.keys.sorted().filter { old[$0].map(withoutStamp) != withoutStamp(new[$0]!) }
            .map { run.out.appendingPathComponent("invites/\($0)").path }
    }

    @Test(arguments: Change.allCases)
    func bothArrivalOrdersEndWithTheSchedulesMeetings(_ change: Change) throws {
        let run = try replan(change)
        let first = try invites(run.before).keys.sorted().map { run.before.appendingPathComponent("invites/\($0)").path }
        let updates = try sent(run)
        #expect(!updates.isEmpty)
        let meetings = try meetings(run.out)
        for (leader, email) in Self.leaders {
            let want = meetings.filter { ($0["attendees"] as! [String]).contains(leader) }
                .map { "\($0["start"] as! String) \($0["end"] as! String)" }.sorted()
            #expect(want.count >= 4)
            for order in [updates, updates.reversed()] {
                let r = try Oracle.run("itip.py", ["--attendee", email, "--from", "2026-09-01", "--to", "2027-08-01"] + first + order)
                    as! [String: Any]
                let got = (r["occurrences"] as! [[String: String]]).map { "\($0["start"]!) \($0["end"]!)" }.sorted()
                #expect(got == want, "\(change) \(leader), \(order == updates ? "in order" : "reversed")")
                #expect((r["orphan_cancels"] as! [String]).isEmpty, "\(change) \(leader): \(r["orphan_cancels"]!)")
            }
        }
    }

    /// Held and unchanged meetings keep their UID and SEQUENCE, and nothing is re-sent for them.
    @Test func heldSessionsOfAMovedSeriesKeepTheirUID() throws {
        let run = try replan(.moved)
        let old = Dictionary(uniqueKeysWithValues: try meetings(run.before).map { ($0["uid"] as! String, $0) })
        let new = try meetings(run.out)
        let series = "mentoring-l001-l007.northbridge-2026-27@tandem"
        let held = new.filter { ($0["start"] as! String) < Self.now && ($0["uid"] as! String).hasPrefix("mentoring-l001-l007-") }
        #expect(held.count >= 3)
        #expect(new.contains { ($0["uid"] as! String).hasPrefix("mentoring-l001-l007-") && ($0["start"] as! String).hasSuffix("16:15:00Z") },
                "the later sessions moved")
        var unchangedEvents = Set<String>()
        for m in new {
            guard let o = old[m["uid"] as! String] else { continue }
            if (m["start"] as! String) < Self.now {
                // Held: the same VEVENT carries it, so no REQUEST under a new UID re-invites it.
                #expect(m["ics_uid"] as! String == o["ics_uid"] as! String, "\(m["uid"]!)")
            }
            unchangedEvents.insert(m["ics_uid"] as! String)
        }
        #expect(held.contains { $0["ics_uid"] as! String == series })
        // A VEVENT whose every meeting is unchanged keeps its SEQUENCE and its invite is not re-sent.
        let byEvent = Dictionary(grouping: new, by: { $0["ics_uid"] as! String })
        let oldByEvent = Dictionary(grouping: old.values, by: { $0["ics_uid"] as! String })
        let updates = Set(try sent(run).map { URL(fileURLWithPath: $0).lastPathComponent })
        var kept = 0
        for (uid, list) in byEvent {
            let before = oldByEvent[uid] ?? []
            func sig(_ l: [[String: Any]]) -> [String] { l.map { "\($0["uid"]!)\($0["start"]!)\($0["end"]!)" }.sorted() }
            guard sig(list) == sig(before) else { continue }
            kept += 1
            #expect(list[0]["sequence"] as! Int == before[0]["sequence"] as! Int, "\(uid)")
            #expect(!updates.contains("\(uid).ics"), "\(uid) re-sent")
        }
        #expect(kept >= 10)
        // The shortened series goes out once, SEQUENCE + 1; the moved sessions under a new UID.
        #expect(updates.contains("\(series).ics"))
        let text = unfolded(try String(contentsOf: run.out.appendingPathComponent("invites/\(series).ics"), encoding: .utf8))
        #expect(text.contains("SEQUENCE:1"))
    }

    /// A series cut short: its REQUEST alone (SEQUENCE + 1, UNTIL earlier), no CANCEL for the dates
    /// beyond the new UNTIL, and no cancelled overrides for them in the PUBLISH files.
    @Test func aSeriesCutShortIsOneUpdate() throws {
        let run = try replan(.cutShort)
        let series = "mentoring-l001-l007.northbridge-2026-27@tandem"
        func rule(_ folder: URL) throws -> (until: String, sequence: String) {
            let lines = unfolded(try String(contentsOf: folder.appendingPathComponent("invites/\(series).ics"), encoding: .utf8))
            let rrule = lines.first { $0.hasPrefix("RRULE:FREQ=WEEKLY") } ?? ""
            let until = rrule.components(separatedBy: ";").first { $0.hasPrefix("UNTIL=") } ?? ""
            return (until, lines.first { $0.hasPrefix("SEQUENCE:") } ?? "")
        }
        let (oldUntil, oldSequence) = try rule(run.before)
        let (newUntil, newSequence) = try rule(run.out)
        #expect(oldSequence == "SEQUENCE:0" && newSequence == "SEQUENCE:1")
        #expect(!newUntil.isEmpty && newUntil < oldUntil, "\(oldUntil) → \(newUntil)")
        let invites = try invites(run.out)
        for (name, text) in invites where text.contains("METHOD:CANCEL") {
            #expect(!unfolded(text).contains { $0.hasPrefix("RECURRENCE-ID") }, "\(name) cancels one occurrence")
            #expect(invites.values.filter { $0.contains("METHOD:REQUEST") && $0.contains("UID:\(name.dropLast(4))") }.isEmpty)
        }
        // The sessions beyond the new UNTIL are gone from it, not cancelled one by one.
        let gone = try meetings(run.before).filter {
            ($0["ics_uid"] as! String) == series && ($0["start"] as! String) > Self.now
        }
        #expect(gone.count >= 3)
        for m in gone { #expect(invites["\(m["uid"] as! String).ics"] == nil, "\(m["uid"]!)") }
        for leader in ["L001", "L007", "programme"] {
            let text = try String(contentsOf: run.out.appendingPathComponent("\(leader).ics"), encoding: .utf8)
            #expect(!unfolded(text).contains { $0.hasPrefix("RECURRENCE-ID") }, "\(leader).ics keeps a cancelled override")
        }
    }
}
