import DescentCore
import DescentOptimize
import Foundation

extension DistributedObjective {
    /// The logistic loss over the rows split across ranks, labels yᵢ ∈ {0, 1}, zᵢ = xᵢᵀw:
    /// f(w) = s · Σᵢ [log(1 + e^{zᵢ}) − yᵢzᵢ], ∇f = s · Xᵀ(σ(z) − y), ∇²f·v = s · Xᵀ(σ(z)(1 − σ(z)) ⊙ Xv),
    /// with s = 1/N by default (the mean). Add a penalty once, e.g. `.objective.addingL2Penalty(λ)`
    /// (scikit-learn's `C` is λ = 1/(N·C)).
    /// - Parameters:
    ///   - x: this rank's nᵣ × d rows (nᵣ = 0 allowed; every rank has the same d).
    ///   - y: this rank's nᵣ labels.
    ///   - communicator: the ranks sharing the rows.
    ///   - scaling: `.mean` (default, s = 1/N) or `.sum` (s = 1).
    ///   - order: how the ranks' sums are added (default `.rankOrdered`, reproducible).
    /// - Throws: on the rank whose shard is bad, `LinearAlgebraError.nonFinite` for a NaN/±∞ entry of
    ///   x or y (with its index in the shard) or `LinearAlgebraError.unsupported` naming the first
    ///   label that is not 0 or 1; on every other rank, at the same moment (before any evaluation),
    ///   `CommunicatorError.failedOnRank` with that message (`Communicator.agreeing`);
    ///   `CommunicatorError` from summing the row counts.
    /// - Precondition: x is a matrix and y has x.rows elements.
    /// - Complexity: O(nᵣ·d) per value, gradient or product on each rank, plus one allreduce of d + 1 doubles.
    public static func logisticRegression(x: Tensor, y: Tensor, communicator: Communicator,
                                          scaling: FiniteSumScaling = .mean,
                                          order: ReductionOrder = .rankOrdered) throws -> DistributedObjective {
        try communicator.agreeing("logisticRegression") {
            try validateShard(x, y, "logisticRegression")
            if let bad = y.scalars.firstIndex(where: { $0 != 0 && $0 != 1 }) {
                throw LinearAlgebraError.unsupported(operation: "logisticRegression", reason: "label \(y.scalars[bad]) at row \(bad) of this rank's shard is not 0 or 1")
            }
        }
        let labels = y.reshaped([x.rows])
        return try DistributedObjective(
            communicator: communicator, localCount: x.rows, scaling: scaling, order: order,
            valueAndGradient: { w in
                let z = product(x, w)
                var loss = 0.0
                var residual = [Double](repeating: 0, count: x.rows)
                for i in 0..<x.rows {
                    let zi = z[i], yi = labels.scalars[i]
                    loss += softplus(zi) - yi * zi
                    residual[i] = logistic(zi) - yi
                }
                return (loss, transposedProduct(x, residual, like: w))
            },
            value: { w in
                let z = product(x, w)
                var loss = 0.0
                for i in 0..<x.rows { loss += softplus(z[i]) - labels.scalars[i] * z[i] }
                return loss
            },
            hessianVectorProduct: { w, v in
                let z = product(x, w), xv = product(x, v)
                var weighted = [Double](repeating: 0, count: x.rows)
                for i in 0..<x.rows {
                    let p = logistic(z[i])
                    weighted[i] = p * (1 - p) * xv[i]
                }
                return transposedProduct(x, weighted, like: w)
            })
    }

    /// Least squares over the rows split across ranks: f(w) = s · ½ Σᵢ (xᵢᵀw − yᵢ)²,
    /// ∇f = s · Xᵀ(Xw − y), ∇²f·v = s · XᵀXv, s = 1/N by default.
    /// - Throws: `LinearAlgebraError.nonFinite` for a NaN/±∞ entry on the rank that holds it, and
    ///   `CommunicatorError.failedOnRank` with that message on the others (`Communicator.agreeing`);
    ///   `CommunicatorError` from summing the row counts.
    /// - Precondition: x is a matrix and y has x.rows elements.
    public static func leastSquares(x: Tensor, y: Tensor, communicator: Communicator,
                                    scaling: FiniteSumScaling = .mean,
                                    order: ReductionOrder = .rankOrdered) throws -> DistributedObjective {
        try communicator.agreeing("leastSquares") { try validateShard(x, y, "leastSquares") }
        let targets = y.reshaped([x.rows])
        func residual(_ w: Tensor) -> [Double] {
            let z = product(x, w)
            return (0..<x.rows).map { z[$0] - targets.scalars[$0] }
        }
        return try DistributedObjective(
            communicator: communicator, localCount: x.rows, scaling: scaling, order: order,
            valueAndGradient: { w in
                let r = residual(w)
                return (0.5 * r.reduce(0.0) { $0 + $1 * $1 }, transposedProduct(x, r, like: w))
            },
            value: { w in 0.5 * residual(w).reduce(0.0) { $0 + $1 * $1 } },
            hessianVectorProduct: { _, v in transposedProduct(x, product(x, v), like: v) })
    }

    static func validateShard(_ x: Tensor, _ y: Tensor, _ operation: String) throws {
        precondition(x.rank == 2, "\(operation): the shard x must be a matrix, got shape \(x.shape)")
        precondition(y.count == x.rows, "\(operation): y has \(y.count) elements for \(x.rows) rows of x")
        if let index = x.firstNonFiniteIndex {
            throw LinearAlgebraError.nonFinite(operation: operation, index: index, value: x[index])
        }
        if let index = y.firstNonFiniteIndex {
            throw LinearAlgebraError.nonFinite(operation: operation, index: index, value: y[index])
        }
    }
}

/// X·w as an array of nᵣ numbers (empty for an empty shard, where BLAS has nothing to do).
private func product(_ x: Tensor, _ w: Tensor) -> [Double] {
    x.rows == 0 ? [] : matmul(x, w.reshaped([x.columns])).scalars
}

/// Xᵀ·r shaped like the parameters (zeros for an empty shard).
private func transposedProduct(_ x: Tensor, _ r: [Double], like w: Tensor) -> Tensor {
    guard x.rows > 0 else { return Tensor.zeros(w.shape) }
    return matmul(x, Tensor(r), transposeA: true).reshaped(w.shape)
}

/// log(1 + eᶻ) without overflow: max(z, 0) + log1p(e^{−|z|}).
private func softplus(_ z: Double) -> Double {
    max(z, 0) + log1p(exp(-abs(z)))
}

/// σ(z) = 1/(1 + e^{−z}), evaluated on the side that cannot overflow.
private func logistic(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
}
