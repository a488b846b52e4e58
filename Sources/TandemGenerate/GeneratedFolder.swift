public import Foundation
import TandemCore
public import TandemIO

extension ProgrammeGenerator {
    /// Writes a generated programme's files to `path`, replacing the folder atomically.
    ///
    /// The folder may be new, empty, or an earlier generated programme (its programme.yaml starts
    /// with ``signature``). Anything else is refused, so that a hand-written programme is never
    /// overwritten. Readers see the old folder or the new one, never a mix.
    public static func write(_ files: [String: Data], to path: String) throws(OutputFolderError) {
        try OutputFolder.write(files, to: path, what: "a generated programme", isOurs: isGenerated)
    }

    /// Whether `folder` holds a programme that `tandem generate` wrote.
    static func isGenerated(_ folder: String) -> Bool {
        guard let yaml = DiskFiles().contents(of: (folder as NSString).appendingPathComponent("programme.yaml")) else { return false }
        return yaml.starts(with: Data(signature.utf8))
    }
}
