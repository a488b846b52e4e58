import Foundation
import Yams

extension ProgrammeLoading {
    /// The largest `delivery.rate`: beyond this no relay paces anything.
    static let maximumDeliveryRate = 100_000

    /// `delivery.rate` (invitations per minute) and `delivery.invitations` (on/off) into `programme`; the
    /// mapping's other keys are checked by ``delivery(_:)``.
    func invitationSettings(_ node: Node, into programme: inout Programme) {
        guard case let .mapping(mapping) = node else { return }
        var values: [String: Node] = [:]
        for key in ["rate", "invitations"] { if let v = mapping[key], !YAMLReader.isNull(v) { values[key] = v } }
        let map = YAMLMap(path: "delivery", line: node.mark?.line, values: values, keyLines: [:])
        if let on = yaml.bool(map, "invitations") { programme.sendsInvitations = on }
        guard let text = yaml.scalar(map, "rate") else { return }
        if let n = Int(text.trimmingCharacters(in: .whitespaces)), (1...ProgrammeLoading.maximumDeliveryRate).contains(n) {
            programme.deliveryRate = n
            return
        }
        yaml.problem(map.line(of: "rate"),
                     "delivery.rate \"\(ConfigText.singleLine(text))\" is not a number of messages per minute.",
                     "Write a whole number from 1 to \(ProgrammeLoading.maximumDeliveryRate), the invitations per minute your mail relay accepts (default \(Programme.defaultDeliveryRate)).")
    }
}
