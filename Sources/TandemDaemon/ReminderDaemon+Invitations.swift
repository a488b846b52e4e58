import Foundation
import TandemCore

extension ReminderDaemon {
    /// Queues the schedule's iMIP invitations (DESIGN §8) next to its reminders.
    ///
    /// Invitations are email: a webhook channel (chat) gets none, and says so once per import.
    func importInvitations(programme: Programme, schedule: Schedule) throws(TandemError) -> String {
        if case .webhook = programme.delivery { return "none (the webhook channel carries reminders only)" }
        if !programme.sendsInvitations { return "none (delivery.invitations is off)" }
        let documents = InvitationPlanner(programme: programme, schedule: schedule).plan(now: clockNow())
        return try store.importInvitations(documents, now: clockNow(), pacing: InvitationPacing(programme: programme)).description
    }
}
