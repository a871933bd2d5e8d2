import DescentCommands
import Foundation

/// Reading a verb's `CommandOutput` back in tests: its JSON keys in order, and the decoded object.
extension CommandOutput {
    /// The keys of the JSON object, in order.
    var keys: [String] {
        guard case .object(let pairs) = json else { return [] }
        return pairs.map(\.0)
    }

    /// The rendered JSON decoded, to compare numbers with a tolerance.
    func decoded() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.rendered().utf8)) as! [String: Any]
    }
}
