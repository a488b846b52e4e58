import Foundation
import Testing
@testable import TandemIO

/// Issue 9, classes 17 and 19: a failed write says what the system said, with the path.
@Suite struct OutputFolderErrnoTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullDiskSaysNoSpaceLeftWithThePath() {
        do {
            try OutputFolder.writePlain(Data(repeating: 0x41, count: 4096), to: "/dev/full")
            Issue.record("writing to /dev/full succeeded")
        } catch {
            #expect(error.localizedDescription == "No space left on device: /dev/full")
        }
    }

    @Test func overlongFileNameSaysSo() {
        let path = NSTemporaryDirectory() + String(repeating: "x", count: 300) + ".ics"
        do {
            try OutputFolder.writePlain(Data("x".utf8), to: path)
            Issue.record("wrote a 300-character file name")
        } catch {
            #expect(error.localizedDescription.hasPrefix("File name too long: "))
        }
    }
}
