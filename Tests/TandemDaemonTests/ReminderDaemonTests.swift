import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import TandemCalendar
import TandemCore
@testable import TandemDaemon
import TandemTesting
import Testing

@Suite struct ReminderDaemonTests {
    /// A programme folder whose one meeting is far in the future (nothing falls due during the test).
    func workspace() throws -> ReminderDaemon.Options {
        let root = TestSupport.temporaryFolder("daemon-service")
        try """
            programme:
              id: service-test
              name: Service Test
              timezone: Europe/London
              start: 2026-09-01
              end: 2027-07-16
              coordinator: { name: Amara Okafor, email: amara@trust.example }
            roster: leaders.csv
            reminders:
              before: [24h]
              checkin_after: off
            delivery:
              channel: maildir
              path: outbox
            """.write(to: root.appendingPathComponent("programme.yaml"), atomically: true, encoding: .utf8)
        try """
            id,name,email,role,school,trust,phase,timezone,availability,expertise,goals,years,capacity,avoid,pair
            L001,Priya Shah,priya@riverside.example,mentor,Riverside,T,primary,,Mon 16:00-18:00,,,10,,,
            L002,Tom Evans,tom@hillview.example,mentee,Hillview,T,primary,,Mon 16:00-18:00,,,2,,,L001
            """.write(to: root.appendingPathComponent("leaders.csv"), atomically: true, encoding: .utf8)
        let start = Date().addingTimeInterval(30 * 86_400)
        let schedule = Schedule(programme: "service-test", meetings: [
            Meeting(uid: "m1", series: "s", kind: .mentoring, attendees: ["L001", "L002"], start: start,
                    end: start.addingTimeInterval(3_600), period: 1)])
        try ScheduleJSON.encode(schedule).write(to: root.appendingPathComponent("schedule.json"))
        return ReminderDaemon.Options(programme: root.appendingPathComponent("programme.yaml").path,
                                      schedule: root.appendingPathComponent("schedule.json").path,
                                      database: root.appendingPathComponent("var/reminders.sqlite").path)
    }

    @Test func gracefulShutdownEndsRunAndReleasesTheStore() async throws {
        let options = try workspace()
        try await testGracefulShutdown { trigger in
            let daemon = try ReminderDaemon(options: options, clock: SystemClock(), logger: Logger(label: "test"))
            #expect(try daemon.store.status().counts[.pending] == 2)
            async let running: Void = daemon.run()
            try await Task.sleep(for: .milliseconds(100))
            trigger.triggerGracefulShutdown()
            try await running
        }
        // The lock is free again: a second daemon can open the store, and importing again changes nothing.
        let again = try ReminderDaemon(options: options, clock: SystemClock(), logger: Logger(label: "test"))
        #expect(try again.store.status().counts[.pending] == 2)
    }

    @Test func aSecondDaemonOnTheSameStoreIsRefused() throws {
        let options = try workspace()
        let first = try ReminderDaemon(options: options, clock: SystemClock(), logger: Logger(label: "test"))
        #expect(throws: TandemError.self) { _ = try ReminderDaemon(options: options, clock: SystemClock(), logger: Logger(label: "test")) }
        _ = first
    }

    @Test func aScheduleOfAnotherProgrammeIsNamedInTheError() throws {
        var options = try workspace()
        let other = URL(fileURLWithPath: options.schedule).deletingLastPathComponent().appendingPathComponent("other.json")
        try ScheduleJSON.encode(Schedule(programme: "someone-else")).write(to: other)
        options.schedule = other.path
        #expect {
            _ = try ReminderDaemon(options: options, clock: SystemClock(), logger: Logger(label: "test"))
        } throws: { error in
            (error as? TandemError)?.exitCode == 65 && "\(error)".contains("other.json: is the schedule of programme someone-else")
        }
    }

    @Test func aDatabaseDamagedWhileRunningEndsRunWithExit65() async throws {
        let options = try workspace()
        let store = DamagedStore(try SQLiteReminderStore(path: options.database + ".real"))
        await #expect {
            try await testGracefulShutdown { trigger in
                let daemon = try ReminderDaemon(options: options, clock: SystemClock(), logger: Logger(label: "test"), store: store)
                // Without the fatal path run() would go on: end it after 120 s, which fails the expectation.
                let bound = Task {
                    try await Task.sleep(for: .seconds(120))
                    trigger.triggerGracefulShutdown()
                }
                defer { bound.cancel() }
                try await daemon.run()
            }
        } throws: { error in
            (error as? TandemError)?.exitCode == 65 && "\(error)".contains("is damaged")
        }
    }
}

/// A store whose claims fail as SQLite reports a damaged file (`SQLITE_CORRUPT`, mapped by ``StoreError``).
final class DamagedStore: ForwardingStore, @unchecked Sendable {
    override func claimDue(now: Date, grace: TimeInterval, limit: Int) throws(TandemError) -> ClaimResult {
        throw .badInput([InputProblem(file: real.path, message: "is damaged or not an SQLite database (database disk image is malformed).",
                                      fix: "Restore it from a backup.")])
    }
}
