import TandemCore
import TandemIO

extension OutputFolderError {
    /// The error as the command line reports it, telling the user to pick another folder with `option`.
    func naming(option: String) -> TandemError {
        switch self {
        case .notAFolder: return tandemError(advice: "Choose another \(option) folder.")
        case .notOurs: return tandemError(advice: "Choose an empty or new \(option) folder.")
        case .failed: return tandemError(advice: nil)
        }
    }
}
