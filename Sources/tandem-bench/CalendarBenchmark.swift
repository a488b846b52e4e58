import Foundation
import TandemCalendar

/// Times ICalendarWriter.render and ICalendarReader.busyIntervals on a synthetic year.
struct CalendarBenchmark {
    struct Options {
        var events = 10_000
        var runs = 5
        var quiet = false
        /// Where to save the rendered calendar, for inspection or for timing libical alone.
        var output: String?

        struct Invalid: Error, CustomStringConvertible {
            var description: String
        }

        init(_ arguments: [String]) throws {
            var rest = arguments[...]
            while let arg = rest.popFirst() {
                switch arg {
                case "--events":
                    guard let v = rest.popFirst().flatMap(Int.init), v > 0 else { throw Invalid(description: "--events needs a positive number") }
                    events = v
                case "--runs":
                    guard let v = rest.popFirst().flatMap(Int.init), v > 0 else { throw Invalid(description: "--runs needs a positive number") }
                    runs = v
                case "--output":
                    guard let v = rest.popFirst() else { throw Invalid(description: "--output needs a path") }
                    output = v
                case "--quiet":
                    quiet = true
                default:
                    throw Invalid(description: "unknown option \(arg)")
                }
            }
        }
    }

    static let emitTarget = 50_000.0
    static let parseTarget = 30_000.0

    var options: Options

    /// A deterministic mix shaped like a leader's calendar export: 3 in 4 single events, 1 in 4
    /// weekly or fortnightly series (20 occurrences, two EXDATEs), across London, New York and
    /// Sydney, from September 2026 to July 2027 so that every series crosses DST changes. Every
    /// event has a description, location and category; 1 in 4 has an organizer and two
    /// attendees, 1 in 4 a display alarm.
    func makeDocument(singlesOnly: Bool = false) -> CalendarDocument {
        let zones = ["Europe/London", "America/New_York", "Australia/Sydney"].map { TimeZone(identifier: $0)! }
        let organizer = CalendarPerson(name: "Amara Okafor", email: "amara.okafor@northbridge.example", role: .chair)
        var events: [CalendarEvent] = []
        events.reserveCapacity(options.events)
        var seed: UInt64 = 0x7A4D_E3
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let firstDay = LocalDate(year: 2026, month: 9, day: 7)
        for i in 0..<options.events {
            let zone = zones[i % zones.count]
            let day = firstDay.adding(days: next(300))
            let minutes = 7 * 60 + 15 * next(44)
            let start = day.instant(minutes: minutes, in: zone)
            var event = CalendarEvent(
                uid: "bench-\(i)@tandem", sequence: i % 3,
                start: start, end: start.addingTimeInterval(Double(30 + 15 * next(7)) * 60), timeZone: zone.identifier,
                summary: "Mentoring: Leader \(i) & Leader \(i + 1)",
                description: "Agenda: goals, actions, reflection.\nSurvey: https://forms.example/feedback?session=\(i)",
                location: "Video call", alarmOffsets: i % 4 == 2 ? [3_600] : [], categories: ["Mentoring"])
            if i % 4 == 1 {
                event.organizer = organizer
                event.attendees = [CalendarPerson(name: "Leader \(i)", email: "l\(i)@school.example"),
                                   CalendarPerson(name: "Leader \(i + 1)", email: "l\(i + 1)@school.example")]
            }
            if i % 4 == 0 && !singlesOnly {
                let interval = 1 + next(2)
                let count = 20
                let lastDay = day.adding(days: 7 * interval * (count - 1))
                event.recurrence = WeeklyRecurrence(
                    intervalWeeks: interval, until: lastDay.instant(minutes: minutes, in: zone),
                    exceptions: [3, 11].map { day.adding(days: 7 * interval * $0).instant(minutes: minutes, in: zone) })
            }
            events.append(event)
        }
        return CalendarDocument(method: .request, name: "Benchmark", events: events)
    }

    /// Best wall time of `runs` runs of `body`, in seconds.
    func best<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        var bestTime = Double.infinity
        var last: T?
        let clock = ContinuousClock()
        for _ in 0..<options.runs {
            var value: T?
            let d = try clock.measure { value = try body() }
            let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            bestTime = min(bestTime, s)
            last = value
        }
        return (bestTime, last!)
    }

    func run() -> Bool {
        let document = makeDocument()
        let stamp = Date(timeIntervalSince1970: 1_788_000_000)
        let (emitSeconds, text) = best { ICalendarWriter.render(document, stamp: stamp) }
        if let output = options.output {
            _ = FileManager.default.createFile(atPath: output, contents: Data(text.utf8))
        }
        let from = LocalDate(year: 2026, month: 9, day: 1).instant(minutes: 0, in: TimeZone(identifier: "UTC")!)
        let to = LocalDate(year: 2027, month: 9, day: 1).instant(minutes: 0, in: TimeZone(identifier: "UTC")!)
        let london = TimeZone(identifier: "Europe/London")!
        let parsed: (seconds: Double, result: [BusyInterval])
        do {
            parsed = try best {
                try ICalendarReader.busyIntervals(in: text, file: "bench.ics", from: from, to: to, floatingZone: london)
            }
        } catch {
            print("FAIL: the rendered benchmark calendar does not read back: \(error)")
            return false
        }
        // The target's own yardstick: a file of single events, one occurrence each.
        let singles = ICalendarWriter.render(makeDocument(singlesOnly: true), stamp: stamp)
        let single: (seconds: Double, result: [BusyInterval])
        do {
            single = try best {
                try ICalendarReader.busyIntervals(in: singles, file: "singles.ics", from: from, to: to, floatingZone: london)
            }
        } catch {
            print("FAIL: the rendered singles calendar does not read back: \(error)")
            return false
        }

        let n = Double(document.events.count)
        let emitRate = n / emitSeconds
        let singleRate = n / single.seconds
        let mixedRate = n / parsed.seconds
        let occurrenceRate = Double(parsed.result.count) / parsed.seconds
        let emitPass = emitRate >= Self.emitTarget
        let singlePass = singleRate >= Self.parseTarget
        let mixedPass = occurrenceRate >= Self.parseTarget
        let parsePass = singlePass && mixedPass

        func row(_ what: String, _ seconds: Double, _ rate: Double, _ unit: String, _ target: Double?, _ pass: Bool?) -> String {
            let targetText = target.map { String(format: "≥ %.0f", $0) } ?? ""
            let verdict = pass.map { $0 ? "PASS" : "FAIL" } ?? ""
            return what.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "%9.1f ms %10.0f ", seconds * 1000, rate)
                + unit.padding(toLength: 15, withPad: " ", startingAt: 0)
                + targetText.padding(toLength: 10, withPad: " ", startingAt: 0) + verdict
        }
        if !options.quiet {
            print("calendar benchmark: \(document.events.count) events (\(document.events.filter { $0.recurrence != nil }.count) weekly series), \(text.utf8.count / 1024) KiB of iCalendar, best of \(options.runs)")
            print("")
            print("step".padding(toLength: 34, withPad: " ", startingAt: 0) + "     time       rate                  target    result")
            print(row("emit, mixed file", emitSeconds, emitRate, "events/s", Self.emitTarget, emitPass))
            print(row("parse+expand, single events", single.seconds, singleRate, "events/s", Self.parseTarget, singlePass))
            print(row("parse+expand, mixed file", parsed.seconds, mixedRate, "events/s", nil, nil))
            print(row("parse+expand, mixed file", parsed.seconds, occurrenceRate, "occurrences/s", Self.parseTarget, mixedPass))
            print("")
            print("window 2026-09-01 … 2027-09-01: \(single.result.count) single-event intervals, \(parsed.result.count) occurrences in the mixed file")
        }
        return emitPass && parsePass
    }
}
