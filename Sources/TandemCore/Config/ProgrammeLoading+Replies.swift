import Foundation
import TandemCalendar
import Yams

extension ProgrammeLoading {
    /// `delivery.replies`: the maildir of the coordinator's incoming mail (DESIGN §8), checked now so
    /// that the daemon never starts reading a folder that is not there or not a maildir.
    ///
    /// - Parameter outgoing: `delivery.path`, which must be another maildir (the daemon writes there).
    func replies(_ node: Node, outgoing: String?) -> String? {
        guard case .mapping = node, let value = node["replies"], !YAMLReader.isNull(value) else { return nil }
        let line = value.mark?.line
        guard case let .scalar(s) = value, !ConfigText.singleLine(s.string).isEmpty else {
            yaml.problem(line, "delivery.replies must be the path of a maildir folder.",
                         "Write replies: with the folder fetchmail, getmail or offlineimap fills (relative to \(yamlPath.display)).")
            return nil
        }
        let path = ConfigPath(ConfigText.singleLine(s.string), relativeTo: yamlPath)
        let layout = "a maildir holds the folders new/, cur/ and tmp/"
        switch files.kind(of: path.absolute) {
        case nil:
            missing.append(InputProblem(
                file: yaml.file, line: line, message: "delivery.replies maildir \(path.display) not found.",
                fix: "Create it with `mkdir -p \(path.display)/{new,cur,tmp}` and point your mail fetcher (getmail, fetchmail, offlineimap) at it, or remove replies: (it is relative to \(yamlPath.display))."))
            return nil
        case .file:
            yaml.problem(line, "delivery.replies: \(path.display) is a file, not a maildir folder.",
                         "Point replies: at the maildir folder itself (\(layout)).")
            return nil
        case .folder:
            let missingParts = ["new", "cur"].filter { files.kind(of: path.appending($0).absolute) != .folder }
            if !missingParts.isEmpty {
                yaml.problem(line, "delivery.replies: \(path.display) is not a maildir (no \(missingParts.map { $0 + "/" }.joined(separator: " or ")) inside).",
                             "Create \(missingParts.map { path.display + "/" + $0 }.joined(separator: " and ")) (\(layout)), or point replies: at the maildir your mail fetcher fills.")
                return nil
            }
        }
        if let outgoing, ConfigPath.normalize(outgoing) == path.absolute {
            yaml.problem(line, "delivery.replies is the same maildir as delivery.path (\(path.display)).",
                         "Give replies: the coordinator's incoming mail folder; delivery.path is where Tandem writes its own messages.")
            return nil
        }
        return path.absolute
    }
}
