import DescentCore

/// A spectral clustering: labels, the spectrum that produced them and what was unusual about the graph.
public struct SpectralClusteringResult: IterativeResult, Sendable, Hashable {
    /// The cluster of each point, in 0..<k.
    public var labels: [Int]
    /// The smallest min(k + 1, n) eigenvalues λ₁ ≤ λ₂ ≤ … of the normalized Laplacian
    /// L = I − D^{−1/2} A D^{−1/2} (diagonal of A ignored, Lᵢᵢ = 1), in [0, 2].
    public var eigenvalues: [Double]
    /// The eigengap λ_{k+1} − λ_k: large when the graph has k well-separated clusters; nil when k = n.
    public var eigengap: Double?
    /// The n × k spectral embedding D^{−1/2}·U (U: eigenvectors of λ₁…λ_k), each column's entry of
    /// largest magnitude positive; k-means runs on its rows.
    public var embedding: Tensor
    /// The k-means inertia in the embedding.
    public var inertia: Double
    /// The number of connected components of the affinity graph (isolated points included). More
    /// than one makes λ = 0 repeated: each component of two or more points is a null vector.
    public var componentCount: Int
    /// Points with no affinity to any other point (a zero row). Their embedding row is 0, so they
    /// join whichever cluster's centre is nearest the origin.
    public var isolatedPoints: [Int]
    /// Eigensolver iterations: 0 for LAPACK, Lanczos steps for the sparse path.
    public var iterations: Int
    /// How the eigensolver ended: `.solvedDirectly` (LAPACK), or the Lanczos termination.
    public var termination: Termination
}
