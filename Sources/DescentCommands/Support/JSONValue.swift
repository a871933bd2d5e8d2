import ComplexModule
import RealModule
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

    /// An object whose keys are `JSONKey`s, in the order given: every verb spells its keys this way.
    public static func record(_ fields: KeyValuePairs<JSONKey, JSONValue>) -> JSONValue {
        .object(fields.map { ($0.key.rawValue, $0.value) })
    }

    /// A vector as a list and a matrix as a list of rows; a scalar as a number.
    public static func tensor(_ t: Tensor) -> JSONValue {
        switch t.rank {
        case 0: return .number(t.scalars[0])
        case 1: return .array(t.scalars.map(JSONValue.number))
        default: return .array((0..<t.shape[0]).map { tensor(t.slice(rows: $0..<($0 + 1)).reshaped(Array(t.shape.dropFirst()))) })
        }
    }

    /// The first `count` columns of a matrix (all by default) as a list of lists: eigenvectors.
    public static func columns(of m: Tensor, count: Int? = nil) -> JSONValue {
        .array((0..<(count ?? m.shape[1])).map { tensor(m.column($0)) })
    }

    /// A complex number as the pair `[re, im]`.
    public static func complex(_ z: Complex<Double>) -> JSONValue {
        .array([.number(z.real), .number(z.imaginary)])
    }

    /// Strings, e.g. the variable names.
    public static func strings(_ items: [String]) -> JSONValue {
        .array(items.map(JSONValue.string))
    }

    /// Compact JSON text.
    public func rendered() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    /// Appends the compact JSON text to `out`: one growing string for the whole document, so a
    /// 1500 × 1500 matrix is not built from millions of intermediate strings.
    public func render(into out: inout String) {
        switch self {
        case .number(let x):
            if x.isNaN { out += "\"nan\"" } else if x.isInfinite { out += x > 0 ? "\"inf\"" : "\"-inf\"" } else { out += NumberFormat.json(x) }
        case .integer(let n): out += String(n)
        case .string(let s): out += JSONString.quoted(s)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.render(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += ", " }
                out += JSONString.quoted(pair.0)
                out += ": "
                pair.1.render(into: &out)
            }
            out += "}"
        }
    }
}
