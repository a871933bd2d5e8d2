import ArgumentParser
import DescentCore
import Foundation

/// `--max-memory SIZE`: the memory budget of every verb whose work grows with a product of its
/// options (`iterative eigs`, `iterative rsvd`, `hessian`, `jacobian`). The work is estimated before
/// anything large is allocated and refused in one line, with the estimate and how to raise the
/// limit, when it exceeds the budget (default 4 GiB, `MemoryBudget.default`).
public struct MemoryOptions: ParsableArguments {
    @Option(name: .customLong("max-memory"),
            help: ArgumentHelp("Refuse work whose arrays are estimated to need more than this much memory: a size such as "
                                   + "512MiB, 8GiB or 2GB, or 'unlimited'. (default: \(MemoryBudget.default))",
                               valueName: "size"))
    public var maxMemory: String?

    public init() {}

    public func validate() throws { _ = try budget() }

    /// The budget given, or `MemoryBudget.default`.
    /// - Throws: `ValidationError` for a size that does not parse.
    public func budget() throws -> MemoryBudget {
        guard let maxMemory else { return .default }
        guard let budget = MemoryOptions.parse(maxMemory) else {
            throw ValidationError("--max-memory must be a size such as 512MiB, 8GiB, 2GB or 1000000 (bytes), or 'unlimited'; got '\(maxMemory)'")
        }
        return budget
    }

    /// The units of a size: decimal (kB, MB, GB, TB) and binary (KiB, MiB, GiB, TiB), case-insensitive.
    static let units: [String: Double] = [
        "": 1, "b": 1,
        "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
        "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
    ]

    /// Parses `8GiB`, `1.5 GB`, `512mib`, `1000000` (bytes) or `unlimited`; nil for anything else
    /// (a negative, zero or non-finite size included). Sizes beyond `Int.max` bytes are unlimited.
    static func parse(_ text: String) -> MemoryBudget? {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        if word == "unlimited" { return .unlimited }
        let number = word.prefix { $0.isNumber || $0 == "." }
        let unit = word.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
        guard let value = Double(number), value.isFinite, value > 0, let scale = units[unit] else { return nil }
        let bytes = (value * scale).rounded(.down)
        guard bytes >= 1 else { return nil }
        return bytes >= Double(Int.max) ? .unlimited : MemoryBudget(bytes: Int(bytes))
    }

    /// A `--max-memory` value that covers `bytes`: the next power of two of MiB (at least 1MiB),
    /// written in GiB from 1 GiB on (`8GiB`, `512MiB`), `unlimited` beyond 10¹⁵ MiB.
    static func suggestion(covering bytes: Double) -> String {
        let mib = Foundation.pow(2, Foundation.ceil(Foundation.log2(Swift.max(bytes / 1_048_576, 1))))
        guard mib < 1e15 else { return "unlimited" }   // (no machine has it; and Int(mib) must not trap)
        return mib >= 1024 ? "\(Int(mib / 1024))GiB" : "\(Int(mib))MiB"
    }

    /// Runs `body`, turning a `MemoryBudgetError` into one line: the estimate, the budget, the
    /// `--max-memory` value that would allow it and `alternative` (what else to lower).
    static func guarding<T>(alternative: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as MemoryBudgetError {
            throw UsageError("\(error.operation): \(error.what) would need about \(error.estimate), above the memory budget of "
                + "\(error.budget); raise it with --max-memory \(suggestion(covering: error.estimatedBytes)) or \(alternative)")
        }
    }
}
