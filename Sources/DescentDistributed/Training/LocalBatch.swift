import DescentCore

/// One rank's share of a data-parallel step: the sums over its local mini-batch Bᵣ.
public struct LocalBatch {
    /// Σ_{i∈Bᵣ} ∇fᵢ(θ), shaped like θ (zeros for an empty batch).
    public var gradientSum: Tensor
    /// |Bᵣ| (0 allowed, as long as some rank's batch is not empty).
    public var count: Int
    /// Σ_{i∈Bᵣ} fᵢ(θ), for the loss history (0 when not computed).
    public var lossSum: Double

    /// A local batch's sums.
    /// - Precondition: `count ≥ 0`.
    public init(gradientSum: Tensor, count: Int, lossSum: Double = 0) {
        precondition(count >= 0, "LocalBatch: count \(count) is negative")
        self.gradientSum = gradientSum
        self.count = count
        self.lossSum = lossSum
    }
}
