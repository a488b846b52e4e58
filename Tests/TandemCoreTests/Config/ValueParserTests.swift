import Testing
@testable import TandemCore
import TandemCalendar

@Suite struct ValueParserTests {
    @Test(arguments: [("60m", 3600), ("90m", 5400), ("1h", 3600), ("1h30m", 5400), ("2d", 172_800), ("24h", 86_400),
                      ("7d", 604_800), ("45s", 45), ("1w", 604_800), (" 15M ", 900)])
    func durations(text: String, seconds: Int) throws {
        #expect(try DurationParser.seconds(text) == seconds)
    }

    @Test(arguments: ["", "60", "m", "1x", "1h1h", "-5m", "1.5h", "ten minutes"])
    func badDurations(text: String) {
        #expect(throws: InputProblem.self) { try DurationParser.seconds(text) }
    }

    @Test func durationProblemSaysHowToWriteIt() {
        do {
            _ = try DurationParser.seconds("60")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("\"60\""))
            #expect(error.fix?.contains("60m") == true)
        }
    }

    @Test func cadences() throws {
        #expect(try DurationParser.cadence("weekly") == .weeks(1))
        #expect(try DurationParser.cadence("Fortnightly") == .weeks(2))
        #expect(try DurationParser.cadence("monthly") == .monthly)
        #expect(try DurationParser.cadence("every 3 weeks") == .weeks(3))
        #expect(try DurationParser.cadence("every 1 week") == .weeks(1))
        #expect(try DurationParser.cadence("every  6 weeks") == .weeks(6))
        #expect(throws: InputProblem.self) { try DurationParser.cadence("every 0 weeks") }
        #expect(throws: InputProblem.self) { try DurationParser.cadence("every three weeks") }
        #expect(throws: InputProblem.self) { try DurationParser.cadence("daily") }
    }

    @Test func quietHours() throws {
        let q = try DurationParser.quietHours("21:00-07:30")
        #expect(q.start == 1260 && q.end == 450)
        let r = try DurationParser.quietHours("9:00 - 17:00")
        #expect(r.start == 540 && r.end == 1020)
        #expect(throws: InputProblem.self) { try DurationParser.quietHours("21:00") }
        #expect(throws: InputProblem.self) { try DurationParser.quietHours("25:00-07:00") }
        #expect(throws: InputProblem.self) { try DurationParser.quietHours("07:00-07:00") }
    }

    @Test func availabilityGrammar() throws {
        #expect(try AvailabilityParser.windows("Mon 16:00-18:00; wed 07:30-08:30") == [
            WeeklyWindow(weekday: 1, start: 960, end: 1080), WeeklyWindow(weekday: 3, start: 450, end: 510),
        ])
        #expect(try AvailabilityParser.windows("Tue-Thu 15:45-17:30").map(\.weekday) == [2, 3, 4])
        #expect(try AvailabilityParser.windows("Fri-Mon 08:00-09:00").map(\.weekday) == [5, 6, 7, 1])
        #expect(try AvailabilityParser.windows("SUN 20:00-24:00") == [WeeklyWindow(weekday: 7, start: 1200, end: 1440)])
        #expect(try AvailabilityParser.windows("Tue - Thu 9:00 - 10:00;").count == 3)
        #expect(try AvailabilityParser.windows("  ").isEmpty)
    }

    @Test(arguments: ["Mon 18:00-16:00", "Mon 16:00-16:00", "Xyz 09:00-10:00", "Mon-Tue-Wed 09:00-10:00", "Mon 09:00",
                      "Mon 9-10", "Mon 24:00-24:00", "Mon 09:60-10:00", "16:00-18:00"])
    func badAvailability(entry: String) {
        do {
            _ = try AvailabilityParser.windows("Wed 07:00-08:00; \(entry)")
            Issue.record("\(entry) was accepted")
        } catch {
            #expect(error.message.contains("\"\(entry)\""))
        }
    }

    @Test func singleLineText() {
        #expect(ConfigText.singleLine("  Mallory\r\nATTENDEE:mailto:x@evil.example ") == "Mallory ATTENDEE:mailto:x@evil.example")
        #expect(ConfigText.singleLine("a\t\u{0B}\u{2028}b") == "a b")
        #expect(ConfigText.singleLine("王秀英") == "王秀英")
    }

    @Test func zones() {
        #expect(ConfigText.zone("Europe/London") != nil)
        #expect(ConfigText.zone("Asia/Kolkata") != nil)
        #expect(ConfigText.zone("UTC") != nil)
        #expect(ConfigText.zone("Europe/Lndon") == nil)
        #expect(ConfigText.zone("GMT+1") == nil)
        #expect(ConfigText.zone("") == nil)
    }
}
