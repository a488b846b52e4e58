import Foundation
import TandemTesting
import Testing

/// An incomplete `delivery` section is caught by `tandem validate` (file:line, what to fix), not when the daemon starts.
@Suite struct DaemonDeliveryValidateTests {
    func validate(delivery: String) throws -> ProcessResult {
        let root = try TestSupport.copyOfExample()
        let yaml = root.appendingPathComponent("Config/example/programme.yaml")
        try TestSupport.edit(yaml, replacing: "  channel: maildir                 # console | maildir | sendmail | webhook\n  path: ../../var/outbox           # the maildir (tmp/, new/, cur/ are created)",
                             with: delivery)
        return try runTandem(["validate", "Config/example/programme.yaml"], in: root)
    }

    @Test func sendmailWithoutCommand() throws {
        let r = try validate(delivery: "  channel: sendmail")
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.range(of: #"programme\.yaml:\d+: delivery\.channel sendmail needs delivery\.command\. Add command:"#,
                               options: .regularExpression) != nil, "\(r.stderr)")
    }

    @Test func webhookWithBadURL() throws {
        let r = try validate(delivery: "  channel: webhook\n  url: hooks.example/no-scheme")
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.range(of: #"programme\.yaml:\d+: delivery\.url "hooks\.example/no-scheme" is not a web address\. Write a full https:// address\."#,
                               options: .regularExpression) != nil, "\(r.stderr)")
    }

    @Test func completeSendmailIsValid() throws {
        let r = try validate(delivery: "  channel: sendmail\n  command: /usr/sbin/sendmail -t -i")
        #expect(r.status == 0, "\(r.stderr)")
    }
}
