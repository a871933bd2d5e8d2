import DescentCore

/// The singular values of a weight update ΔW = W − W₀ and the ranks that summarize them — the
/// measurement behind low-rank adaptation: when full fine-tuning's ΔW has most of its energy in a
/// few directions, a rank-r adapter can express it (Hu et al. 2022, §7;
/// Aghajanyan et al., "Intrinsic dimensionality explains the effectiveness of language model
/// fine-tuning", ACL 2021).
public struct WeightUpdateSpectrum: Sendable {
    /// σ₁ ≥ σ₂ ≥ … ≥ 0 of ΔW.
    public let singularValues: [Double]

    /// The spectrum of `update` (a matrix).
    /// - Throws: `LinearAlgebraError` for a non-matrix or non-finite entries.
    /// - Complexity: O(mn·min(m, n)) (singular values by LAPACK).
    public init(_ update: Tensor) throws {
        singularValues = try SVD(update).singularValues.scalars
    }

    /// The smallest k whose top singular values hold the fraction `energy` of ‖ΔW‖²_F:
    /// Σ_{i≤k} σᵢ² ≥ energy·Σᵢ σᵢ² (0 for ΔW = 0).
    /// - Precondition: 0 < energy ≤ 1.
    public func effectiveRank(energy: Double = 0.9) -> Int {
        precondition(energy > 0 && energy <= 1, "WeightUpdateSpectrum.effectiveRank: energy must be in (0, 1], got \(energy)")
        let total = singularValues.reduce(0) { $0 + $1 * $1 }
        guard total > 0 else { return 0 }
        var captured = 0.0
        for (k, sigma) in singularValues.enumerated() {
            captured += sigma * sigma
            if captured >= energy * total { return k + 1 }
        }
        return singularValues.count
    }

    /// The stable rank ‖ΔW‖²_F / ‖ΔW‖²₂ = Σσᵢ²/σ₁² ∈ [1, rank ΔW] (0 for ΔW = 0): a
    /// continuous count of the directions that carry the update.
    public var stableRank: Double {
        guard let top = singularValues.first, top > 0 else { return 0 }
        return singularValues.reduce(0) { $0 + $1 * $1 } / (top * top)
    }

    /// The relative error of the best rank-k approximation in the Frobenius norm (Eckart–Young):
    /// √(Σ_{i>k} σᵢ²) / ‖ΔW‖_F — what a rank-k adapter must leave out if it were to reproduce ΔW.
    public func truncationError(rank k: Int) -> Double {
        let total = singularValues.reduce(0) { $0 + $1 * $1 }
        guard total > 0 else { return 0 }
        return (singularValues.dropFirst(k).reduce(0) { $0 + $1 * $1 } / total).squareRoot()
    }
}
