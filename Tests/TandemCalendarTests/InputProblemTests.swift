import Testing
import TandemCalendar

/// The one problem type: how it prints, and how a value problem is placed in its file.
@Suite struct InputProblemTests {
    @Test func printsFileLineMessageAndFix() {
        #expect(InputProblem(file: "leaders.csv", line: 4, message: "bad email.", fix: "Write name@school.org.").description
                == "leaders.csv:4: bad email. Write name@school.org.")
        #expect(InputProblem(file: "a.ics", message: "the calendar is empty.").description == "a.ics: the calendar is empty.")
        #expect(InputProblem(file: "a.ics", line: 7, message: "skipped a line").description == "a.ics:7: skipped a line")
    }

    @Test func aValueProblemIsPlacedWithItsMessageAndFix() {
        let value = InputProblem(message: "\"60\" has no unit.", fix: "Write 60m.")
        #expect(value.file.isEmpty && value.line == nil)
        let placed = value.placed(file: "programme.yaml", line: 12)
        #expect(placed == InputProblem(file: "programme.yaml", line: 12, message: "\"60\" has no unit.", fix: "Write 60m."))
        #expect(placed.description == "programme.yaml:12: \"60\" has no unit. Write 60m.")
    }
}
