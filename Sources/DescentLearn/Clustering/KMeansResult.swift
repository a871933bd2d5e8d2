import DescentCore

/// A k-means clustering: the labels, the centres, the inertia and how the (best) run ended.
public struct KMeansResult: IterativeResult, Sendable, Hashable {
    /// The cluster of each point, in 0..<k.
    public var labels: [Int]
    /// The k × d centres (the mean of each cluster's points).
    public var centers: Tensor
    /// The inertia Σᵢ ‖xᵢ − c_{ℓ(i)}‖², the sum of squared distances to the assigned centres.
    public var inertia: Double
    /// Lloyd iterations (assignment + update) of the returned run.
    public var iterations: Int
    /// `.convergedStep` when the labels stopped changing or the centre shift met the tolerance,
    /// `.iterationLimit` otherwise.
    public var termination: Termination

    /// A result; the labels, centres and inertia must describe the same clustering.
    public init(labels: [Int], centers: Tensor, inertia: Double, iterations: Int, termination: Termination) {
        self.labels = labels
        self.centers = centers
        self.inertia = inertia
        self.iterations = iterations
        self.termination = termination
    }
}
