import DescentCore

/// The centered second moments of rows split across ranks, summed by allreduce: with N rows in
/// all, column means μ = (1/N)·Σᵢ xᵢ and ȳ = (1/N)·Σᵢ yᵢ,
/// G = Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ (d × d) and m = Σᵢ (xᵢ − μ)(yᵢ − ȳ) (d).
///
/// Two collectives of d + 2 and d² + d numbers, whatever N: everything a linear model with a small
/// number of features d needs (least squares, ridge, lasso by Gram coordinate descent, PCA by
/// the covariance G/(N − 1)) is then a d × d problem every rank solves identically. Means are
/// summed first so the Gram is formed from centered rows (no cancellation in ΣxxᵀN − NμμᵀN).
public struct DistributedGram: Sendable {
    /// N, the number of rows over all ranks.
    public let count: Int
    /// μ, the column means over all ranks, shape [d].
    public let mean: Tensor
    /// ȳ, the mean target (0 when no target was given).
    public let targetMean: Double
    /// G = Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ, shape [d, d] (uncentered Σᵢ xᵢxᵢᵀ with `centered: false`).
    public let gram: Tensor
    /// m = Σᵢ (xᵢ − μ)(yᵢ − ȳ), shape [d] (zeros when no target was given).
    public let moment: Tensor
    /// Σᵢ (yᵢ − ȳ)², for the residual of a fit (0 when no target was given).
    public let targetSumOfSquares: Double

    /// Sums this rank's rows with every other rank's.
    /// - Parameters:
    ///   - x: this rank's nᵣ × d rows (nᵣ = 0 allowed; every rank has the same d).
    ///   - y: this rank's nᵣ targets, or nil (PCA).
    ///   - centered: subtract the global means first (true), or sum the raw rows (μ = 0, ȳ = 0).
    ///   - communicator: the ranks holding the rows.
    ///   - order: `.rankOrdered` (default) makes the sums bit-identical on every rank and run.
    /// - Throws: `LinearAlgebraError.nonFinite` on the rank with a NaN/±∞ entry (index within its
    ///   shard) and `CommunicatorError.mismatch` naming that rank on the others;
    ///   `CommunicatorError.mismatch` when ranks disagree on d, `LinearAlgebraError.unsupported`
    ///   when no rank holds any row; `CommunicatorError` from the collectives.
    /// - Precondition: x is a matrix; y, when given, has x.rows elements.
    /// - Complexity: O(nᵣ·d²) on each rank plus two allreduces of O(d²) doubles.
    public init(x: Tensor, y: Tensor? = nil, centered: Bool = true, communicator: Communicator,
                order: ReductionOrder = .rankOrdered) throws {
        precondition(x.rank == 2, "DistributedGram: the shard x must be a matrix, got shape \(x.shape)")
        if let y { precondition(y.count == x.rows, "DistributedGram: y has \(y.count) elements for \(x.rows) rows of x") }
        // Every rank learns every rank's width and first bad entry in one collective, so bad data on
        // one rank is an error on all of them (none is left waiting in the next collective).
        let d = x.columns
        let badX = x.firstNonFiniteIndex
        let badY = y.flatMap { $0.firstNonFiniteIndex }
        let reports = try communicator.allgather(integers: [d, badX == nil ? -1 : 1, badY == nil ? -1 : 1])
        if let badX { throw LinearAlgebraError.nonFinite(operation: "DistributedGram", index: badX, value: x[badX]) }
        if let y, let badY { throw LinearAlgebraError.nonFinite(operation: "DistributedGram", index: badY, value: y[badY]) }
        for r in 0..<communicator.size {
            if reports[3 * r] != d {
                throw CommunicatorError.mismatch(operation: "DistributedGram", detail: "rank \(r) has \(reports[3 * r]) columns, rank \(communicator.rank) has \(d)")
            }
            if reports[3 * r + 1] >= 0 || reports[3 * r + 2] >= 0 {
                throw CommunicatorError.mismatch(operation: "DistributedGram", detail: "rank \(r)'s shard has a NaN or infinite entry")
            }
        }
        let n = try communicator.allreduce(x.rows)
        guard n > 0 else { throw LinearAlgebraError.unsupported(operation: "DistributedGram", reason: "no rank holds any row") }
        let targets = y?.reshaped([x.rows]).scalars ?? [Double](repeating: 0, count: x.rows)
        var mu = [Double](repeating: 0, count: d)
        var yBar = 0.0
        if centered {
            var sums = [Double](repeating: 0, count: d + 1)
            let values = x.scalars
            for i in 0..<x.rows {
                for j in 0..<d { sums[j] += values[i * d + j] }
                sums[d] += targets[i]
            }
            try communicator.allreduce(&sums, order: order)
            mu = sums[0..<d].map { $0 / Double(n) }
            yBar = sums[d] / Double(n)
        }
        // This rank's centered block and centered targets, then one allreduce of [G, m, Σ(y−ȳ)²].
        var blockValues = x.scalars
        var centeredTargets = targets
        for i in 0..<x.rows {
            for j in 0..<d { blockValues[i * d + j] -= mu[j] }
            centeredTargets[i] -= yBar
        }
        let block = Tensor(shape: x.shape, scalars: blockValues)
        var local = [Double](repeating: 0, count: d * d + d + 1)
        if x.rows > 0 {
            let g = matmul(block, block, transposeA: true)
            let m = matmul(block, Tensor(centeredTargets), transposeA: true)
            local.replaceSubrange(0..<(d * d), with: g.scalars)
            local.replaceSubrange((d * d)..<(d * d + d), with: m.scalars)
            local[d * d + d] = centeredTargets.reduce(0) { $0 + $1 * $1 }
        }
        try communicator.allreduce(&local, order: order)
        count = n
        mean = Tensor(mu)
        targetMean = yBar
        gram = Tensor(shape: [d, d], scalars: Array(local[0..<(d * d)]))
        moment = Tensor(Array(local[(d * d)..<(d * d + d)]))
        targetSumOfSquares = local[d * d + d]
    }

    /// d, the number of columns.
    public var features: Int { mean.count }
}
