/// How the lasso and elastic net are solved.
public enum ElasticNetSolver: String, Sendable, CaseIterable, Codable {
    /// Cyclic coordinate descent with gap-safe screening, stopping on the duality gap
    /// (scikit-learn's algorithm and stopping rule, so iteration counts compare). Dense or sparse X.
    case coordinateDescent = "coordinate-descent"
    /// Coordinate descent on a growing working set of features (celer/skglm's strategy), stopped by
    /// the same duality-gap test over all features; epochs count passes over the working set, so
    /// they do not compare with scikit-learn's. Dense, Gram or sparse.
    case workingSets = "working-sets"
    /// FISTA (accelerated proximal gradient, `ProximalGradient` of DescentOptimize) with the
    /// elastic-net prox, stopped by the same duality-gap test (checked every 10 iterations). Dense X only.
    case fista
}

/// When coordinate descent works on the Gram matrix XᵀX instead of the columns of X.
public enum GramPolicy: String, Sendable, CaseIterable, Codable {
    /// When X has more rows than columns (scikit-learn's `precompute="auto"`): XᵀX costs nd² once and
    /// then an update costs O(d) instead of O(n).
    case automatic
    /// Always (dense X).
    case always
    /// Never: updates stream the columns of X (scikit-learn's `Lasso` default, `precompute=False`).
    case never
}

/// The penalty strengths of a regularization path or a cross-validation.
public enum AlphaGrid: Sendable, Hashable {
    /// `count` values log-spaced from α_max down to ratio·α_max, α_max = max|X_cᵀ(s∘y_c)|/(Σs·ρ) the
    /// smallest α whose solution is 0 (scikit-learn's `_alpha_grid`; X and y centred when an intercept
    /// is fitted, ρ the l1 ratio). Default 100 values down to 10⁻³·α_max.
    case automatic(count: Int = 100, ratio: Double = 1e-3)
    /// These values (sorted in decreasing order before use, as scikit-learn does).
    case values([Double])

    /// scikit-learn's defaults: 100 values, ratio 10⁻³.
    public static var standard: AlphaGrid { .automatic() }
}
