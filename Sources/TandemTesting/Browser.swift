public import Foundation

/// A real headless Chromium for tests: Debian's `chromium` and `chromium-driver` (installed by
/// `.ci/setup`), driven by selenium from the venv through `Tests/Oracle/browser.py`.
///
/// Each call opens one page in a fresh browser, runs one named extraction there and returns what it
/// found, so that a test asserts on what a person would see (text as rendered, scripts run or not)
/// rather than on the HTML we wrote. The extractions are general (`text`, `tables`, `elements`,
/// `script`; see the script's header), for static files and for pages served on a local socket alike.
public enum Browser {
    /// What one extraction found on a page.
    public struct Page {
        /// The URL after loading (redirects followed).
        public var url: String
        public var title: String
        /// The extraction's answer, as decoded JSON.
        public var result: Any
        /// The browser's log lines: script errors, CSP violations.
        public var console: [String]
        /// The text of every alert or confirm the page opened (dismissed).
        public var alerts: [String]
    }

    /// Chromium and its driver: `/usr/bin/chromium` and `/usr/bin/chromedriver`, or `TANDEM_CHROMIUM` and `TANDEM_CHROMEDRIVER`.
    public static var chromium: String { ProcessInfo.processInfo.environment["TANDEM_CHROMIUM"] ?? "/usr/bin/chromium" }
    public static var chromedriver: String { ProcessInfo.processInfo.environment["TANDEM_CHROMEDRIVER"] ?? "/usr/bin/chromedriver" }

    /// Opens `url` and runs the extraction `name` with `arguments` (a JSON object).
    ///
    /// Throws ``Oracle/Unavailable`` when Chromium, its driver or selenium is missing (run `.ci/setup`),
    /// or when the browser failed (with its error output).
    public static func open(_ url: URL, extract name: String, arguments: [String: Any] = [:]) throws -> Page {
        for tool in [chromium, chromedriver] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw Oracle.Unavailable(description: "No \(tool): run .ci/setup (it installs Debian's chromium and chromium-driver).")
        }
        let folder = TestSupport.temporaryFolder("browser")
        defer { try? FileManager.default.removeItem(at: folder) }
        let argumentsFile = folder.appendingPathComponent("arguments.json")
        try JSONSerialization.data(withJSONObject: arguments).write(to: argumentsFile)
        let script = TestSupport.packageRoot.appendingPathComponent("Tests/Oracle/browser.py").path
        var environment = ProcessInfo.processInfo.environment
        environment["TANDEM_CHROMIUM"] = chromium
        environment["TANDEM_CHROMEDRIVER"] = chromedriver
        // Chromium keeps its profile and crash reports under HOME: one of its own per run.
        environment["HOME"] = folder.path
        let result = try runProcess(try Oracle.python(), [script, url.absoluteString, name, argumentsFile.path], environment: environment)
        guard result.status == 0 else {
            throw Oracle.Unavailable(description: "browser.py \(name) \(url.absoluteString) failed (\(result.status)): \(result.stderr.suffix(2_000))")
        }
        guard let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw Oracle.Unavailable(description: "browser.py \(name): not a JSON object: \(result.stdout.prefix(500))")
        }
        return Page(url: json["url"] as? String ?? "", title: json["title"] as? String ?? "", result: json["result"] ?? NSNull(),
                    console: json["console"] as? [String] ?? [], alerts: json["alerts"] as? [String] ?? [])
    }

    /// The tables of the page at `url` under a heading containing `heading`: each as rows of cell texts, as rendered.
    public static func tables(_ url: URL, under heading: String) throws -> (page: Page, tables: [[[String]]]) {
        let page = try open(url, extract: "tables", arguments: ["heading": heading])
        let tables = (page.result as? [[String: Any]] ?? []).map { $0["rows"] as? [[String]] ?? [] }
        return (page, tables)
    }
}
