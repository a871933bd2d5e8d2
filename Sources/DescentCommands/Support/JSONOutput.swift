import DescentCore
import Foundation

/// A JSON value built by the CLI verbs. Keys keep insertion order, so the output reads in the
/// order the verb documents; non-finite numbers become the strings "nan", "inf" and "-inf"
/// (strict JSON has no literal for them).
public indirect enum JSONValue: Sendable, Equatable {
    case number(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// A vector as a list and a matrix as a list of rows; a scalar as a number.
    public static func tensor(_ t: Tensor) -> JSONValue {
        switch t.rank {
        case 0: return .number(t.scalars[0])
        case 1: return .array(t.scalars.map(JSONValue.number))
        default: return .array((0..<t.shape[0]).map { tensor(t.slice(rows: $0..<($0 + 1)).reshaped(Array(t.shape.dropFirst()))) })
        }
    }

    /// Compact JSON text.
    public func rendered() -> String {
        switch self {
        case .number(let x):
            if x.isNaN { return "\"nan\"" }
            if x.isInfinite { return x > 0 ? "\"inf\"" : "\"-inf\"" }
            if x == x.rounded() && Swift.abs(x) < 1e15 { return String(format: "%.1f", x) }
            return "\(x)"
        case .integer(let n): return String(n)
        case .string(let s): return JSONValue.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]"
        case .object(let pairs):
            return "{" + pairs.map { JSONValue.quote($0.0) + ": " + $0.1.rendered() }.joined(separator: ", ") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
