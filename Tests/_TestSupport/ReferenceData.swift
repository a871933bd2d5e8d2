import DescentCore
import Foundation

/// Reference values produced by a trusted peer (NumPy/LAPACK, SciPy, JAX, …) through a committed
/// generator under `Tools/references/`, stored as JSON next to the tests in `References/`.
/// Tests never need Python: they read the JSON.
public struct ReferenceData: @unchecked Sendable {
    /// The decoded JSON object.
    public let object: [String: Any]

    /// Loads `References/<name>.json` from the calling test file's folder or the nearest folder
    /// above it that has a `References/` folder (tests may sit in subfolders of their target).
    public static func load(_ name: String, testFile: StaticString = #filePath) throws -> ReferenceData {
        var directory = URL(fileURLWithPath: "\(testFile)").deletingLastPathComponent()
        let fileManager = FileManager.default
        while directory.pathComponents.count > 1 {
            let url = directory.appendingPathComponent("References").appendingPathComponent("\(name).json")
            if fileManager.fileExists(atPath: url.path) {
                let data = try Data(contentsOf: url)
                guard let object = try ExactJSON.parse(data) as? [String: Any] else {
                    throw ReferenceError("\(url.path): top level is not an object")
                }
                return ReferenceData(object: object)
            }
            if directory.lastPathComponent == "Tests" { break }
            directory.deleteLastPathComponent()
        }
        throw ReferenceError("References/\(name).json not found above \(testFile)")
    }

    public init(object: [String: Any]) { self.object = object }

    /// A nested object.
    public subscript(_ key: String) -> ReferenceData {
        guard let nested = object[key] as? [String: Any] else { fatalError("reference key '\(key)' is not an object") }
        return ReferenceData(object: nested)
    }

    /// A list of nested objects (test cases).
    public func cases(_ key: String) -> [ReferenceData] {
        guard let list = object[key] as? [[String: Any]] else { fatalError("reference key '\(key)' is not a list of objects") }
        return list.map(ReferenceData.init(object:))
    }

    public func string(_ key: String) -> String {
        guard let s = object[key] as? String else { fatalError("reference key '\(key)' is not a string") }
        return s
    }

    public func double(_ key: String) -> Double { ReferenceData.number(object[key], key) }

    public func int(_ key: String) -> Int { Int(double(key)) }

    public func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    /// A JSON number, nested list of numbers (any depth), or the strings "nan"/"inf"/"-inf" as a Tensor.
    /// When `<key>_shape` is present, `key` holds the elements flat in row-major order and the shape
    /// comes from there (so that empty matrices such as 0 × 3 keep their shape).
    public func tensor(_ key: String) -> Tensor {
        guard let value = object[key] else { fatalError("reference key '\(key)' is missing") }
        if let shape = object[key + "_shape"] as? [Any] {
            let flat = (value as? [Any] ?? [value]).map { ReferenceData.number($0, key) }
            return Tensor(shape: shape.map { Int(ReferenceData.number($0, key)) }, scalars: flat)
        }
        return ReferenceData.tensor(from: value, key)
    }

    public func doubles(_ key: String) -> [Double] { tensor(key).scalars }

    static func tensor(from value: Any, _ key: String) -> Tensor {
        if let list = value as? [Any] {
            if list.isEmpty { return Tensor(shape: [0], scalars: []) }
            return Tensor.stack(list.map { tensor(from: $0, key) })
        }
        return Tensor(number(value, key))
    }

    public static func number(_ value: Any?, _ key: String) -> Double {
        if let x = value as? Double { return x }
        if let n = value as? NSNumber { return n.doubleValue }
        if let s = value as? String {
            switch s { case "nan": return .nan; case "inf": return .infinity; case "-inf": return -.infinity; default: break }
        }
        fatalError("reference key '\(key)' holds \(String(describing: value)), not a number")
    }
}

public struct ReferenceError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
