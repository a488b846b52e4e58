import Foundation
import TandemCore
import TandemDaemon

/// The replies part of the store protocol, passed through to the real store.
extension DamagedStore {
    func processedMail() throws(TandemError) -> ProcessedMailIndex { try real.processedMail() }
    func recordReplies(_ replies: [RecordedReply], mail: [ProcessedMail], now: Date) throws(TandemError) -> Int {
        try real.recordReplies(replies, mail: mail, now: now)
    }
    func responses() throws(TandemError) -> [InvitationResponse] { try real.responses() }
}
