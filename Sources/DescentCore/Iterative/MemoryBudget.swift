/// The most memory a computation may allocate for its working arrays, checked against an estimate
/// before anything is allocated.
///
/// Work whose size is a product of its options — subspace iteration's n × p blocks, a Lanczos basis
/// of up to `basisSize` vectors of length n, the (m + n) × (k + p) sketches of a randomized SVD,
/// a dense n × n Hessian or m × n Jacobian — is estimated first and refused with
/// `MemoryBudgetError` when the estimate exceeds the budget, so that a typo in an option gives one
/// clear error at once instead of a machine swapping or a process killed partway through.
///
/// The default is 4 GiB: enough for every problem that fits a laptop comfortably, small enough
/// that an accidental product of options (10⁶ × 1000 doubles is 7.5 GiB) is caught. Raise it with
/// `MemoryBudget(bytes:)` (or `.unlimited`) on a machine with room; the CLI's `--max-memory` sets it.
/// Estimates count the method's own arrays of 8-byte doubles, not the operator's storage nor
/// memory an operator uses internally to form a product (a `FunctionOperator`'s closure cannot be
/// inspected), so they are lower bounds on the process's peak.
public struct MemoryBudget: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The budget in bytes.
    public var bytes: Int

    /// A budget of `bytes` bytes. - Precondition: `bytes ≥ 0`.
    public init(bytes: Int) {
        precondition(bytes >= 0, "MemoryBudget: bytes \(bytes) must be non-negative")
        self.bytes = bytes
    }

    /// 4 GiB (2³² bytes), the default of every method that checks its memory.
    public static let `default` = MemoryBudget(bytes: 4 << 30)

    /// No limit.
    public static let unlimited = MemoryBudget(bytes: Int.max)

    public static func < (a: MemoryBudget, b: MemoryBudget) -> Bool { a.bytes < b.bytes }

    /// The budget in binary units: `4 GiB`, `512 MiB`, `1.5 KiB`; `unlimited` for `.unlimited`.
    public var description: String { self == .unlimited ? "unlimited" : MemoryBudget.format(Double(bytes)) }

    /// Throws `MemoryBudgetError` unless `count` doubles (8 bytes each) fit in the budget.
    ///
    /// `count` is a `Double` so that a product of large options cannot overflow while it is being
    /// estimated (10⁶ · 10⁶ · 10³ is an honest estimate, not a trap).
    /// - Parameters:
    ///   - count: the number of doubles the work would hold at its peak.
    ///   - what: what they are, for the message ("a Krylov basis of up to 1000 vectors of length 10⁶").
    ///   - operation: the operation, as in `LinearAlgebraError` messages.
    public func requireRoom(forDoubles count: Double, _ what: String, operation: String) throws {
        let estimate = count * 8
        guard estimate <= Double(bytes) else {
            throw MemoryBudgetError(operation: operation, what: what, estimatedBytes: estimate, budget: self)
        }
    }

    /// A size in bytes with a binary unit and three significant digits: `7.45 GiB`, `512 MiB`, `100 B`.
    public static func format(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        guard value.isFinite else { return "\(bytes) B" }
        // Three significant digits, without trailing zeros: 4 GiB, 7.45 GiB, 512 MiB, 1.5 KiB.
        let digits = value >= 100 ? 0 : (value >= 10 ? 1 : 2)
        var text = String(Int((value * pow10(digits)).rounded()))
        if digits > 0 {
            while text.count <= digits { text = "0" + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return "\(text) \(units[unit])"
    }

    private static func pow10(_ k: Int) -> Double { [1, 10, 100][k] }
}

/// Work refused because its estimated memory exceeds the `MemoryBudget` it was given.
///
/// A data error in the sense of ARCHITECTURE.md (the size of the input times the options asked
/// for), thrown before anything large is allocated; the message names the estimate and the budget.
public struct MemoryBudgetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The refusing operation (`lanczos`, `subspaceIteration`, `RandomizedSVD`, `hessian`, …).
    public let operation: String
    /// What would have been allocated, in words.
    public let what: String
    /// The estimate, in bytes.
    public let estimatedBytes: Double
    /// The budget it exceeds.
    public let budget: MemoryBudget

    public init(operation: String, what: String, estimatedBytes: Double, budget: MemoryBudget) {
        self.operation = operation
        self.what = what
        self.estimatedBytes = estimatedBytes
        self.budget = budget
    }

    /// The estimate in binary units (`7.45 GiB`).
    public var estimate: String { MemoryBudget.format(estimatedBytes) }

    /// "lanczos: a Krylov basis … would need about 7.45 GiB, above the memory budget of 4 GiB (pass a larger `memoryBudget`)".
    public var description: String {
        "\(operation): \(what) would need about \(estimate), above the memory budget of \(budget) (pass a larger memoryBudget)"
    }
}
