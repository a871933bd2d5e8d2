import Foundation

/// A JSON value decoded with `JSONDecoder`, which reads every number with correct rounding.
///
/// Why not `JSONSerialization`: on Linux (swift-corelibs-foundation) it misreads some 17-digit
/// decimals by a few ulps (e.g. -682.1018539229984 → -682.1018539229981, 0.30000000000000004 →
/// 0.3000000000000001), which would silently loosen every reference comparison at rtol ≲ 1e-15.
enum ExactJSON: Decodable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([ExactJSON])
    case object([String: ExactJSON])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let b = try? container.decode(Bool.self) { self = .bool(b); return }
        if let x = try? container.decode(Double.self) { self = .number(x); return }
        if let s = try? container.decode(String.self) { self = .string(s); return }
        if let a = try? container.decode([ExactJSON].self) { self = .array(a); return }
        self = .object(try container.decode([String: ExactJSON].self))
    }

    /// Parses JSON text into Foundation-style values: `Double`, `String`, `Bool`, `NSNull`, `[Any]`, `[String: Any]`.
    static func parse(_ data: Data) throws -> Any {
        try JSONDecoder().decode(ExactJSON.self, from: data).foundationValue
    }

    var foundationValue: Any {
        switch self {
        case .number(let x): return x
        case .string(let s): return s
        case .bool(let b): return b
        case .null: return NSNull()
        case .array(let items): return items.map(\.foundationValue)
        case .object(let pairs): return pairs.mapValues(\.foundationValue)
        }
    }
}
