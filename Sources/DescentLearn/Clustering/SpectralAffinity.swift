/// How spectral clustering turns points into a graph (scikit-learn's `affinity`).
public enum SpectralAffinity: Sendable, Hashable {
    /// aᵢⱼ = exp(−γ‖xᵢ − xⱼ‖²), every pair (`'rbf'`; scikit-learn's default γ = 1). Dense: n² doubles.
    case rbf(gamma: Double)
    /// aᵢⱼ = ½(cᵢⱼ + cⱼᵢ), cᵢⱼ = 1 when xⱼ is among the `count` nearest points of xᵢ, xᵢ itself
    /// included (`'nearest_neighbors'`, `n_neighbors` = 10 by default). Sparse.
    case nearestNeighbors(count: Int)

    /// scikit-learn's default affinity: RBF with γ = 1.
    public static let `default` = SpectralAffinity.rbf(gamma: 1)
}
