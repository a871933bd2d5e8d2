import DescentCore

/// A finite sum f(θ) = (1/N) Σᵢ fᵢ(θ) whose components i = 0..<N are split across the ranks by
/// global index, as the stochastic methods see it: every rank names the same global mini-batch B,
/// each adds the terms of B that fall in its rows, and one allreduce forms (1/|B|) Σ_{i∈B} ∇fᵢ(θ).
///
/// Because the batch is global (drawn by every rank from the same seeded generator), a
/// distributed stochastic method takes the steps of the single-process method with the same seed,
/// to the round-off of the order of summation.
public struct DistributedFiniteSum {
    /// The ranks that share the sum.
    public let communicator: Communicator
    /// The total number of components N.
    public let count: Int
    /// The global indices of this rank's components (possibly empty).
    public let rows: Range<Int>
    /// How sums are added across ranks.
    public let order: ReductionOrder
    /// (θ, I) ↦ Σ_{i∈I} ∇fᵢ(θ) for global indices I inside `rows`.
    let gradientSum: (Tensor, [Int]) -> Tensor
    /// θ ↦ Σ_{i∈rows} fᵢ(θ), if known.
    let valueSum: ((Tensor) -> Double)?

    /// The sum of the ranks' components.
    /// - Parameters:
    ///   - communicator: the ranks.
    ///   - rows: this rank's global indices; the ranks' ranges must partition 0..<N.
    ///   - order: `.rankOrdered` (default, reproducible) or `.mpi`.
    ///   - gradientSum: (θ, I) ↦ Σ_{i∈I} ∇fᵢ(θ), I ⊆ `rows` given as global indices (a zero tensor for
    ///     an empty I). Include a regularizer in every component (fᵢ + (λ/2)‖θ‖²) so that means stay means.
    ///   - valueSum: θ ↦ Σ_{i∈rows} fᵢ(θ), optional (recorded once per epoch).
    /// - Throws: `CommunicatorError.mismatch` when the ranges do not partition 0..<N (the message
    ///   names the first gap or overlap); `CommunicatorError` from the exchange of the ranges.
    public init(communicator: Communicator, rows: Range<Int>, order: ReductionOrder = .rankOrdered,
                gradientSum: @escaping (_ params: Tensor, _ indices: [Int]) -> Tensor,
                valueSum: ((_ params: Tensor) -> Double)? = nil) throws {
        let bounds = try communicator.allgather(integers: [rows.lowerBound, rows.upperBound])
        var ranges: [(rank: Int, lower: Int, upper: Int)] = []
        for rank in 0..<communicator.size where bounds[2 * rank + 1] > bounds[2 * rank] {
            ranges.append((rank, bounds[2 * rank], bounds[2 * rank + 1]))
        }
        ranges.sort { $0.lower < $1.lower }
        var next = 0
        for range in ranges {
            guard range.lower == next else {
                throw CommunicatorError.mismatch(operation: "DistributedFiniteSum",
                                                 detail: "rank \(range.rank)'s rows start at \(range.lower), expected \(next) (the ranks' rows must partition 0..<N)")
            }
            next = range.upper
        }
        guard next > 0 else { throw CommunicatorError.mismatch(operation: "DistributedFiniteSum", detail: "every rank's rows are empty") }
        self.communicator = communicator
        self.count = next
        self.rows = rows
        self.order = order
        self.gradientSum = gradientSum
        self.valueSum = valueSum
    }

    /// (1/|B|) Σ_{i∈B} (∇fᵢ(θ) − ∇fᵢ(θ′)) — or without θ′ the plain mean gradient — for a global batch
    /// B named identically by every rank: each rank adds its terms, then one allreduce.
    /// - Throws: `CommunicatorError` when MPI fails or the deadline passes.
    public func meanGradient(_ params: Tensor, minus other: Tensor? = nil, indices: [Int]) throws -> Tensor {
        precondition(!indices.isEmpty, "DistributedFiniteSum: an empty batch has no mean gradient")
        let mine = indices.filter { rows.contains($0) }
        var local: Tensor
        if mine.isEmpty {
            local = Tensor.zeros(params.shape)
        } else {
            local = gradientSum(params, mine)
            if let other { local = local - gradientSum(other, mine) }
        }
        try communicator.allreduce(&local, order: order)
        return local / Double(indices.count)
    }

    /// ∇f(θ) = (1/N) Σᵢ ∇fᵢ(θ), one allreduce.
    public func fullGradient(_ params: Tensor) throws -> Tensor {
        var local = rows.isEmpty ? Tensor.zeros(params.shape) : gradientSum(params, Array(rows))
        try communicator.allreduce(&local, order: order)
        return local / Double(count)
    }

    /// f(θ) = (1/N) Σᵢ fᵢ(θ), or `nil` without `valueSum`.
    public func value(_ params: Tensor) throws -> Double? {
        guard let valueSum else { return nil }
        var total = rows.isEmpty ? 0 : valueSum(params)
        try communicator.allreduce(&total, order: order)
        return total / Double(count)
    }
}
