import Foundation
import TandemTesting
import Testing

/// Issue 9: `tandem validate` lists calendar warnings apart from errors, and exits 0 when there are
/// only warnings; an event ending before it starts (class 15) is an error with file:line.
@Suite struct ValidateWarningsTests {
    /// The example programme with L001's weekly SLT meeting (Outlook export) edited.
    func validate(_ old: String, _ new: String) throws -> ProcessResult {
        let root = try TestSupport.copyOfExample()
        try TestSupport.edit(root.appendingPathComponent("Calendars/example/L001.ics"), replacing: old, with: new)
        return try runTandem(["validate", "Config/example/programme.yaml"], in: root)
    }

    @Test func onlyWarningsExitZeroAndAreListedApart() throws {
        // Thunderbird-style DURATION beside DTEND (line 37), and an Apple X- line with an unbalanced quote (line 38).
        let r = try validate("DTEND;TZID=\"GMT Standard Time\":20260907T170000\r\n",
                             "DTEND;TZID=\"GMT Standard Time\":20260907T170000\r\nDURATION:PT0S\r\nX-APPLE-STRUCTURED-LOCATION;X-TITLE=\"Hall:geo:51.5,-0.1\r\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("no problems found (2 warning(s))"), "\(r.stdout)")
        #expect(r.stderr.range(of: #"warning: \S*L001\.ics:37: .*DURATION"#, options: .regularExpression) != nil, "\(r.stderr)")
        #expect(r.stderr.range(of: #"warning: \S*L001\.ics:38: skipped"#, options: .regularExpression) != nil, "\(r.stderr)")
        #expect(!r.stderr.contains("problem(s) found"))
    }

    @Test func endBeforeStartIsAnErrorWithItsLine() throws {
        let r = try validate("DTEND;TZID=\"GMT Standard Time\":20260907T170000\r\n", "DTEND;TZID=\"GMT Standard Time\":20260907T150000\r\n")
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.range(of: #"L001\.ics:36: DTEND is before DTSTART"#, options: .regularExpression) != nil, "\(r.stderr)")
        #expect(r.stderr.contains("1 problem(s) found"), "\(r.stderr)")
    }
}
