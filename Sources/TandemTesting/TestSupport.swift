public import Foundation

/// Where things are when tests run: the package root, the built products, the Python checkers.
public enum TestSupport {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The folder holding the built executables (next to the test bundle).
    public static let productsDirectory: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("tandem").path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    /// The built `tandem` executable.
    public static var tandem: URL { productsDirectory.appendingPathComponent("tandem") }

    /// A new empty folder under the system temporary folder.
    /// Every regular file under `folder`, by path relative to it, with its bytes.
    public static func files(in folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in FileManager.default.enumerator(atPath: folder.path)!.allObjects as! [String] {
            var isDir: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                out[name] = try Data(contentsOf: url)
            }
        }
        return out
    }

    public static func temporaryFolder(_ label: String = "tandem-test") -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// What a finished process left behind.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a real process to completion and captures its output.
public func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                       environment: [String: String]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
    // Files, not pipes: a chatty process can't block on a full pipe buffer.
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
        stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
}

/// Runs the built `tandem` with `arguments` from the package root.
public func runTandem(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
    try runProcess(TestSupport.tandem, arguments, in: directory ?? TestSupport.packageRoot)
}

extension TestSupport {
    /// A private copy of the bundled example (Config/example and Calendars/) that a test may change.
    /// Returns the copy's root; its programme is at `Config/example/programme.yaml`.
    public static func copyOfExample() throws -> URL {
        let root = temporaryFolder("example-copy")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("Config"), withIntermediateDirectories: true)
        try fm.copyItem(at: packageRoot.appendingPathComponent("Config/example"), to: root.appendingPathComponent("Config/example"))
        try fm.copyItem(at: packageRoot.appendingPathComponent("Calendars"), to: root.appendingPathComponent("Calendars"))
        return root
    }

    /// Replaces `old` with `new` in a text file (once; fails the caller if `old` is absent).
    public static func edit(_ file: URL, replacing old: String, with new: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        guard let range = text.range(of: old) else {
            throw Oracle.Unavailable(description: "\(file.lastPathComponent) has no \(old.debugDescription)")
        }
        try text.replacingCharacters(in: range, with: new).write(to: file, atomically: true, encoding: .utf8)
    }
}

extension Process {
    /// Sends `signal` and waits (at most `seconds`, then SIGKILL and -1) for the exit status: a
    /// test never hangs on a child that ignores the signal.
    public func stop(signal: Int32 = SIGTERM, within seconds: TimeInterval = 15) -> Int32 {
        if isRunning { kill(processIdentifier, signal) }
        let end = Date().addingTimeInterval(seconds)
        while isRunning && Date() < end { usleep(20_000) }
        if isRunning {
            kill(processIdentifier, SIGKILL)
            waitUntilExit()
            return -1
        }
        return terminationStatus
    }
}
