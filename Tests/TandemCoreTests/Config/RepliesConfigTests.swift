import Foundation
import TandemCalendar
import TandemTesting
import Testing
@testable import TandemCore

/// `delivery.replies`: a maildir, relative to programme.yaml, checked when the programme loads.
struct RepliesConfigTests {
    static func fixture(_ delivery: String, extra: [String: String] = [:]) throws -> ProgrammeFixture {
        var files = [
            "Config/p/programme.yaml": """
                programme:
                  id: test-2026
                  name: Test Programme
                  timezone: Europe/London
                  start: 2026-09-07
                  end: 2027-07-16
                  coordinator: { name: Amara Okafor, email: amara@trust.example }
                roster: leaders.csv
                delivery:
                \(delivery)
                """,
            "Config/p/leaders.csv": ProgrammeFixture.roster,
        ]
        files.merge(extra) { a, _ in a }
        return try ProgrammeFixture(files: files)
    }

    @Test func aMaildirRelativeToTheYamlIsResolved() throws {
        let f = try Self.fixture("  channel: console\n  replies: ../../var/inbox",
                                 extra: ["var/inbox/new/1.eml": "x", "var/inbox/cur/.keep": ""])
        let p = try f.load()
        #expect(p.replies == f.root.appendingPathComponent("var/inbox").path)
    }

    @Test func noRepliesKeyMeansNone() throws {
        #expect(try Self.fixture("  channel: console").load().replies == nil)
    }

    @Test func aMissingMaildirIsMissingInputWithWhatToDo() throws {
        let f = try Self.fixture("  channel: console\n  replies: ../../var/inbox")
        let (problems, missing) = f.problems()
        #expect(missing)
        let p = try #require(problems.first { $0.message.contains("delivery.replies") })
        #expect(p.line == 11)
        #expect(p.message.contains("var/inbox not found"))
        #expect(p.fix?.contains("mkdir -p") == true)
    }

    @Test func aFolderWithoutNewAndCurIsNotAMaildir() throws {
        let f = try Self.fixture("  channel: console\n  replies: ../../var/inbox", extra: ["var/inbox/mail.txt": "x"])
        let p = try #require(f.problems().problems.first { $0.message.contains("delivery.replies") })
        #expect(p.message.contains("is not a maildir (no new/ or cur/ inside)"))
    }

    @Test func aFileIsRefused() throws {
        let f = try Self.fixture("  channel: console\n  replies: ../../var/inbox", extra: ["var/inbox": "x"])
        let p = try #require(f.problems().problems.first { $0.message.contains("delivery.replies") })
        #expect(p.message.contains("is a file, not a maildir folder"))
    }

    @Test func theOutgoingMaildirCannotBeTheInbox() throws {
        let f = try Self.fixture("  channel: maildir\n  path: ../../var/box\n  replies: ../../var/box",
                                 extra: ["var/box/new/1": "x", "var/box/cur/2": "y"])
        let p = try #require(f.problems().problems.first { $0.message.contains("delivery.replies") })
        #expect(p.message.contains("same maildir as delivery.path"))
    }
}
