import Foundation
import TandemTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` at random moments during a burst: every reminder lands in the maildir exactly once.
@Suite(.serialized) struct DaemonCrashTests {
    @Test func killNineDuringABurstLosesNothingAndDuplicatesNothing() throws {
        let ws = try DaemonWorkspace(label: "daemon-crash")
        let meetings = 5_000
        let start = Date().addingTimeInterval(30)   // reminders (1 minute before) are already due
        try ws.writeSchedule((0..<meetings).map { .init(uid: "burst-\($0)", start: start) })
        let expected = meetings * 2
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var attempt = 0
        var midBurst = 0   // kills that left some, but not all, reminders delivered
        let began = Date()
        // A message written twice would replace the file: a new inode under the same name.
        var inodes: [String: UInt64] = [:]
        var rewritten: Set<String> = []
        func snapshot() {
            for name in ws.delivered() {
                var st = stat()
                guard stat(ws.outbox + "/new/" + name, &st) == 0 else { continue }
                if let seen = inodes[name], seen != UInt64(st.st_ino) { rewritten.insert(name) }
                inodes[name] = UInt64(st.st_ino)
            }
        }
        while ws.delivered().count < expected && Date().timeIntervalSince(began) < 240 {
            let before = ws.delivered().count
            let daemon = try ws.start()
            // Random moments: every fifth run during start-up, recovery or import; the rest in the middle of
            // delivering (once the first new message of this run is in, 0–25 ms later).
            if (attempt % 5) == 4 {
                usleep(UInt32.random(in: 0...400_000, using: &generator))
            } else {
                // A loaded machine can take many seconds to import the burst: wait for the first message.
                let deadline = Date().addingTimeInterval(40)
                while ws.delivered().count == before && daemon.isRunning && Date() < deadline { usleep(2_000) }
                usleep(UInt32.random(in: 0...25_000, using: &generator))
            }
            attempt += 1
            if daemon.isRunning {
                kill(daemon.processIdentifier, SIGKILL)
                daemon.waitUntilExit()
                if daemon.terminationReason == .uncaughtSignal { kills += 1 }
            }
            snapshot()
            let count = ws.delivered().count
            if count > 0 && count < expected && daemon.terminationReason == .uncaughtSignal { midBurst += 1 }
            if kills >= 20 { break }
        }
        // Then let one run finish the burst.
        let last = try ws.start()
        let finished = ws.waitFor(expected, timeout: 60)
        usleep(500_000)
        #expect(ws.stop(last) == 0)
        snapshot()
        let names = ws.delivered()
        #expect(rewritten.isEmpty, "delivered twice: \(rewritten.sorted().prefix(5))")
        #expect(kills >= 20, "only \(kills) kills landed during the burst")
        #expect(midBurst >= 15, "only \(midBurst) of \(kills) kills fell in the middle of delivering")
        print("crash test: \(kills) kills, \(midBurst) in the middle of delivering, \(names.count) messages")
        #expect(finished, "\(names.count) of \(expected) delivered. Log:\n\(ws.log.suffix(2_000))")
        #expect(names.count == expected, "\(names.count) files for \(expected) reminders")
        #expect(Set(names).count == names.count)
        let wanted = Set((0..<meetings).flatMap { ["tandem.before%7Cburst-\($0)%7CL001%7C60", "tandem.before%7Cburst-\($0)%7CL002%7C60"] })
        #expect(Set(names) == wanted)
        // No half-written message was left behind where a reader would see it, and the store agrees.
        for name in names.prefix(50) { #expect(try ws.message(name).hasSuffix("Amara Okafor\nTandem End-to-End Mentoring\n")) }
        let status = try runTandem(["reminders", "status", "--db", ws.database])
        #expect(status.stdout.contains("sent       \(expected)"), "\(status.stdout)")
    }
}
