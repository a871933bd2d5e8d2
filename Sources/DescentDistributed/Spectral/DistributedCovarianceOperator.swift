import DescentCore

/// The covariance of centered rows split across ranks as a symmetric `LinearOperator`:
/// C·v = s·Σᵣ X꜀⁽ʳ⁾ᵀ(X꜀⁽ʳ⁾v), s = 1/(N − 1), each product a local O(nᵣd) pass plus one allreduce of d
/// numbers. Any of DescentCore's iterative eigensolvers (`lanczos`, `powerIteration`, …) run on it
/// unchanged, in lockstep on every rank: with `.rankOrdered` sums every rank gets the same bits
/// from every product, so every rank takes the same branches.
///
/// `LinearOperator.apply` cannot throw, so a failing collective ends the job with its message on
/// every rank (`Communicator.abortingOnError`) instead of leaving the others waiting.
public struct DistributedCovarianceOperator: LinearOperator {
    /// [d, d].
    public let shape: [Int]
    let centered: Tensor
    let scale: Double
    let communicator: Communicator
    let order: ReductionOrder

    /// The operator v ↦ s·Σᵣ Cᵣᵀ(Cᵣv) over the ranks' centered rows Cᵣ.
    /// - Parameters:
    ///   - centered: this rank's rows with the global column means subtracted (nᵣ × d, nᵣ = 0 allowed).
    ///   - scale: s, e.g. 1/(N − 1) for the sample covariance.
    ///   - communicator: the ranks holding the rows.
    ///   - order: how the ranks' products are added (default `.rankOrdered`, reproducible).
    /// - Precondition: centered is a matrix.
    public init(centered: Tensor, scale: Double, communicator: Communicator, order: ReductionOrder = .rankOrdered) {
        precondition(centered.rank == 2, "DistributedCovarianceOperator: rows must be a matrix, got shape \(centered.shape)")
        shape = [centered.columns, centered.columns]
        self.centered = centered
        self.scale = scale
        self.communicator = communicator
        self.order = order
    }

    /// C·v, the same on every rank (a collective: every rank must call it with its own rows).
    public func apply(_ v: Tensor) -> Tensor {
        let d = shape[0]
        var product = centered.rows == 0 ? Tensor.zeros([d]) : matmul(centered, matmul(centered, v.reshaped([d])), transposeA: true)
        communicator.abortingOnError("DistributedCovarianceOperator.apply") {
            try communicator.allreduce(&product, order: order)
        }
        return (product * scale).reshaped(v.shape)
    }

    /// C·V for a d × b block, one allreduce of d·b numbers for the whole block (a collective).
    public func apply(toColumnsOf v: Tensor) -> Tensor {
        let d = shape[0]
        precondition(v.rank == 2 && v.rows == d, "DistributedCovarianceOperator: block of shape \(v.shape) for an operator of shape \(shape)")
        var product = centered.rows == 0 ? Tensor.zeros([d, v.columns]) : matmul(centered, matmul(centered, v), transposeA: true)
        communicator.abortingOnError("DistributedCovarianceOperator.apply(toColumnsOf:)") {
            try communicator.allreduce(&product, order: order)
        }
        return product * scale
    }
}
