import DescentDistributed
import Foundation

/// A reference JSON file written by Tools/references/distributed.py, read on every rank.
struct ReferenceFile {
    let object: [String: Any]
    let path: String

    init(_ arguments: [String], check: String) throws {
        guard let path = arguments.first else {
            throw CommunicatorError.mismatch(operation: check, detail: "usage: \(check) REFERENCE.json")
        }
        self.path = path
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CommunicatorError.mismatch(operation: check, detail: "\(path) is not a JSON object")
        }
        self.object = object
    }

    /// The value at a path of keys, e.g. `self["ridge", "coef"]`.
    func value<T>(_ keys: String..., as type: T.Type = T.self) throws -> T {
        var current: Any = object
        for key in keys {
            guard let next = (current as? [String: Any])?[key] else {
                throw CommunicatorError.mismatch(operation: "reference", detail: "\(path) lacks \(keys.joined(separator: "."))")
            }
            current = next
        }
        guard let typed = current as? T else {
            throw CommunicatorError.mismatch(operation: "reference", detail: "\(path): \(keys.joined(separator: ".")) is not a \(T.self)")
        }
        return typed
    }
}

/// The largest |a − b|.
func largestDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
