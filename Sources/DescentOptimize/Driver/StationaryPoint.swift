import DescentCore

/// What second-order information says about the point where `minimize` converged: a minimum, a
/// saddle (with the most negative Hessian eigenvalue λmin), a maximum, degenerate, or not known.
///
/// A small gradient says only that x is stationary; the Hessian's extreme eigenvalues λmin ≤ λmax
/// decide what kind of point it is. With τ = `SecondOrderCheck.relativeTolerance` · max(|λmin|, |λmax|)
/// (relative to the Hessian's scale ‖∇²f‖₂, since a computed Hessian and a point that is stationary
/// only to the gradient tolerance make small eigenvalues uncertain in proportion to it):
///
/// | kind | rule | meaning |
/// |---|---|---|
/// | `minimum` | λmin > τ | second-order sufficient conditions: a strict local minimum |
/// | `saddle` | λmin < −τ ≤ λmax | f decreases along the eigenvector of λmin: not a minimum |
/// | `maximum` | λmax < −τ | f decreases along every direction |
/// | `degenerate` | \|λmin\| ≤ τ | positive semidefinite to tolerance: necessary conditions hold, sufficiency undecided (as for x⁴) |
/// | `undetermined` | — | the Hessian had a NaN/∞ entry, or Lanczos neither converged nor found negative curvature |
/// | `notChecked` | — | not converged by the gradient test, no Hessian or Hessian-vector product, a composite (proximal) objective, or the check switched off |
///
/// Unlike `HessianSpectrum.Classification` (which describes a Hessian), an indefinite Hessian with
/// a zero eigenvalue counts as a saddle here: negative curvature anywhere means x is not a minimum.
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006, §2.1
/// (Theorems 2.3 and 2.4, second-order necessary and sufficient conditions).
public struct StationaryPoint: Sendable, Equatable, CustomStringConvertible {
    /// The kind of stationary point (see the type's documentation for the rules).
    public enum Kind: String, Sendable, CaseIterable {
        /// λmin > τ: a strict local minimum.
        case minimum
        /// λmin < −τ ≤ λmax: negative curvature along some direction, so not a minimum.
        case saddle
        /// λmax < −τ: a strict local maximum.
        case maximum
        /// |λmin| ≤ τ: second order cannot decide.
        case degenerate
        /// The check ran but could not decide (non-finite Hessian, unconverged Lanczos).
        case undetermined
        /// The check did not run.
        case notChecked = "not_checked"

        /// The snake-case spelling used in JSON (`not_checked`, `saddle`, …).
        public var name: String { rawValue }
    }

    /// How the eigenvalues were obtained.
    public enum Source: String, Sendable {
        /// The dense Hessian (the objective's, or n Hessian-vector products) and `SymmetricEigen`.
        case denseEigen = "dense"
        /// A few Lanczos steps on Hessian-vector products (n above `SecondOrderCheck.denseDimensionLimit`).
        case lanczos
        /// No second-order information was used.
        case none
    }

    /// The verdict.
    public var kind: Kind
    /// The smallest Hessian eigenvalue λmin (a Ritz value, thus an upper bound, on the Lanczos path);
    /// `nil` when not checked.
    public var minEigenvalue: Double?
    /// The largest Hessian eigenvalue λmax (a Ritz value, thus a lower bound, on the Lanczos path).
    public var maxEigenvalue: Double?
    /// τ, the absolute threshold below which |λ| counts as zero.
    public var tolerance: Double?
    /// Dense eigendecomposition, Lanczos or none.
    public var source: Source
    /// Hessian evaluations spent on this check (also included in the result's totals; subtract them
    /// to compare the method's own counts with another library's run).
    public var hessianEvaluations: Int
    /// Hessian-vector products spent on this check (likewise included in the totals).
    public var hessianVectorProductEvaluations: Int

    /// A verdict from its parts.
    public init(kind: Kind, minEigenvalue: Double?, maxEigenvalue: Double?, tolerance: Double?, source: Source,
                hessianEvaluations: Int = 0, hessianVectorProductEvaluations: Int = 0) {
        self.kind = kind
        self.minEigenvalue = minEigenvalue
        self.maxEigenvalue = maxEigenvalue
        self.tolerance = tolerance
        self.source = source
        self.hessianEvaluations = hessianEvaluations
        self.hessianVectorProductEvaluations = hessianVectorProductEvaluations
    }

    /// The verdict when the check did not run.
    public static let notChecked = StationaryPoint(kind: .notChecked, minEigenvalue: nil, maxEigenvalue: nil,
                                                   tolerance: nil, source: .none)

    /// Whether the Hessian showed a direction of negative curvature (a saddle or a maximum), along
    /// which f can still decrease.
    public var hasNegativeCurvature: Bool { kind == .saddle || kind == .maximum }

    /// The kind for extreme eigenvalues λmin ≤ λmax and threshold τ (the table in the type's
    /// documentation).
    public static func kind(minEigenvalue low: Double, maxEigenvalue high: Double, tolerance tau: Double) -> Kind {
        guard low.isFinite, high.isFinite else { return .undetermined }
        if high < -tau { return .maximum }
        if low < -tau { return .saddle }
        if low > tau { return .minimum }
        return .degenerate
    }

    /// "minimum (λmin = 0.3994)", "saddle point (λmin = -0.0098)", "not checked", ….
    public var description: String {
        let lambda = minEigenvalue.map { " (λmin = \($0))" } ?? ""
        switch kind {
        case .minimum: return "minimum" + lambda
        case .saddle: return "saddle point" + lambda
        case .maximum: return "maximum" + lambda
        case .degenerate: return "degenerate" + lambda
        case .undetermined: return "undetermined" + lambda
        case .notChecked: return "not checked"
        }
    }
}
