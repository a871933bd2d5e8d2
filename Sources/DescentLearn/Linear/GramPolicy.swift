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
