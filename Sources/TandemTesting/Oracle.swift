public import Foundation

/// The independent iCalendar parsers (Python `icalendar`, `ical`, `vobject`, `recurring-ical-events`),
/// run as real processes on the files we emit.
public enum Oracle {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The venv Python that `.ci/setup` creates (`.venv/bin/python`), or `TANDEM_PYTHON`.
    public static func python() throws -> URL {
        if let env = ProcessInfo.processInfo.environment["TANDEM_PYTHON"] { return URL(fileURLWithPath: env) }
        let url = TestSupport.packageRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Unavailable(description: "No Python checkers at \(url.path): run .ci/setup first (it creates the venv).")
        }
        return url
    }

    /// Runs `Tests/Oracle/<script>` with `arguments` and decodes its JSON output.
    public static func run(_ script: String, _ arguments: [String]) throws -> Any {
        let path = TestSupport.packageRoot.appendingPathComponent("Tests/Oracle/\(script)").path
        let result = try runProcess(try python(), [path] + arguments)
        guard result.status == 0 else {
            throw Unavailable(description: "\(script) failed (\(result.status)): \(result.stderr)")
        }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}
