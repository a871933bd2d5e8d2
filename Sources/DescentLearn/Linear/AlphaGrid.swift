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
