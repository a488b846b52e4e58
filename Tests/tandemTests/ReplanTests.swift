import Foundation
import TandemTesting
import Testing

/// Re-running `tandem schedule` after one leader's diary changes moves only what must move.
@Suite struct ReplanTests {
    static let now = "2026-11-22"

    func schedule(_ root: URL) throws -> ProcessResult {
        try runTandem(["schedule", "Config/example/programme.yaml", "--out", "out", "--now", Self.now], in: root)
    }

    func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    func withoutStamp(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.hasPrefix("DTSTAMP") }
            .joined(separator: "\n")
    }

    func files(_ folder: URL) -> Set<String> {
        Set((FileManager.default.enumerator(atPath: folder.path)!.allObjects as! [String]).filter { $0.hasSuffix(".ics") })
    }

    @Test func unchangedInputsChangeNothing() throws {
        let root = try TestSupport.copyOfExample()
        #expect(try schedule(root).status == 0)
        let out = root.appendingPathComponent("out")
        let first = try Data(contentsOf: out.appendingPathComponent("schedule.json"))
        let again = try schedule(root)
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 moved, 0 added, 0 cancelled"))
        #expect(try Data(contentsOf: out.appendingPathComponent("schedule.json")) == first)
    }

    @Test func threeClashesMoveOnlyThatLeadersMeetings() throws {
        let root = try TestSupport.copyOfExample()
        let out = root.appendingPathComponent("out")
        #expect(try schedule(root).status == 0)
        let before = root.appendingPathComponent("before")
        try FileManager.default.copyItem(at: out, to: before)
        let old = try json(out.appendingPathComponent("schedule.json"))["meetings"] as! [[String: Any]]

        // L007 (Emily Clarke) gets three new commitments on top of three future sessions.
        let leader = "L007"
        let clashes = old.filter { ($0["attendees"] as! [String]).contains(leader) && ($0["start"] as! String) > "2026-12-01" }.prefix(3)
        #expect(clashes.count == 3)
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
        for (i, m) in clashes.enumerated() {
            func basic(_ s: Any?) -> String { (s as! String).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "") }
            ics += "BEGIN:VEVENT\r\nUID:clash-\(i)@test\r\nDTSTAMP:20261122T000000Z\r\nDTSTART:\(basic(m["start"]))\r\nDTEND:\(basic(m["end"]))\r\nSUMMARY:Local authority review\r\nEND:VEVENT\r\n"
        }
        ics += "END:VCALENDAR\r\n"
        try ics.write(to: root.appendingPathComponent("Calendars/example/\(leader).ics"), atomically: true, encoding: .utf8)

        let r = try schedule(root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("changes since the previous schedule"))
        let new = try json(out.appendingPathComponent("schedule.json"))
        let meetings = new["meetings"] as! [[String: Any]]

        // Only meetings of L007's pairs changed.
        let oldByUID = Dictionary(uniqueKeysWithValues: old.map { ($0["uid"] as! String, $0) })
        let newByUID = Dictionary(uniqueKeysWithValues: meetings.map { ($0["uid"] as! String, $0) })
        var touched = Set<String>()
        for (uid, m) in newByUID {
            if let o = oldByUID[uid], o["start"] as! String == m["start"] as! String { continue }
            touched.insert(uid)
            #expect((m["attendees"] as! [String]).contains(leader), "\(uid) moved but is not \(leader)'s")
        }
        for (uid, o) in oldByUID where newByUID[uid] == nil {
            touched.insert(uid)
            #expect((o["attendees"] as! [String]).contains(leader))
        }
        #expect(touched.count >= 3)
        #expect(r.stdout.contains("\(leader) Emily Clarke:"))

        // SEQUENCE rises exactly on the VEVENTs that carry a changed meeting.
        let changedEvents = Set(meetings.filter { touched.contains($0["uid"] as! String) }.map { $0["ics_uid"] as! String })
        let oldSequence = Dictionary(old.map { ($0["ics_uid"] as! String, $0["sequence"] as! Int) }, uniquingKeysWith: max)
        for m in meetings {
            let ics = m["ics_uid"] as! String
            let seq = m["sequence"] as! Int
            if changedEvents.contains(ics) {
                #expect(seq == (oldSequence[ics].map { $0 + 1 } ?? 0), "\(ics)")
            } else {
                #expect(seq == oldSequence[ics], "\(ics)")
            }
        }

        // Each cancelled meeting has a CANCEL invite with STATUS:CANCELLED.
        let cancelled = new["cancelled"] as! [[String: Any]]
        for c in cancelled {
            let file = out.appendingPathComponent("invites/\(c["uid"] as! String).ics")
            let alt = out.appendingPathComponent("invites/\(c["ics_uid"] as! String).ics")
            let text = try String(contentsOf: FileManager.default.fileExists(atPath: file.path) ? file : alt, encoding: .utf8)
            #expect(text.contains("METHOD:CANCEL") && text.contains("STATUS:CANCELLED"))
        }

        // Every file not about L007's meetings is byte-identical apart from DTSTAMP.
        let affectedLeaders = Set(meetings.filter { touched.contains($0["uid"] as! String) }.flatMap { $0["attendees"] as! [String] })
        for name in files(before) {
            let isAffectedLeader = affectedLeaders.contains(String(name.dropLast(4)))
            let isChangedInvite = changedEvents.contains { name == "invites/\($0).ics" }
            guard !isAffectedLeader, !isChangedInvite, name != "programme.ics" else { continue }
            #expect(try withoutStamp(before.appendingPathComponent(name)) == withoutStamp(out.appendingPathComponent(name)), "\(name)")
        }

        // Still no hard-constraint violation: the new clashes are avoided.
        for m in meetings where (m["attendees"] as! [String]).contains(leader) {
            #expect(!clashes.contains { $0["start"] as! String == m["start"] as! String }, "\(m["uid"]!) still clashes")
        }
        let check = try runTandem(["check", "Config/example/programme.yaml", "out/schedule.json", "--now", Self.now,
                                   "--previous", "before/schedule.json"], in: root)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("no violations"))
    }
}
