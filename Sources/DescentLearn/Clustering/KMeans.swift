import DescentCore

/// k-means clustering by Lloyd's algorithm with greedy k-means++ starts, as scikit-learn's `KMeans`
/// (`algorithm="lloyd"`).
///
/// Minimizes the inertia Σᵢ ‖xᵢ − c_{ℓ(i)}‖² over centres c₁…c_k and labels ℓ by alternating the
/// assignment ℓ(i) = argmin_j ‖xᵢ − cⱼ‖² and the update cⱼ = mean{xᵢ : ℓ(i) = j}. A run stops when
/// an assignment leaves every label unchanged, or when the centres moved by Σⱼ ‖cⱼ⁺ − cⱼ‖² ≤ tol·v̄,
/// where v̄ = (1/d) Σ_f Var(x_{·f}) is the mean variance of the features (scikit-learn's rule:
/// the tolerance is relative to the data's scale); in the second case the labels are recomputed
/// for the final centres. A cluster left empty is given the point farthest from its centre (as
/// scikit-learn relocates empty clusters). The run of lowest inertia among `restarts` seeded
/// k-means++ starts is returned.
///
/// Reference: S. Lloyd, "Least squares quantization in PCM", IEEE Trans. Inf. Theory 28, 1982;
/// D. Arthur and S. Vassilvitskii, "k-means++: the advantages of careful seeding", SODA 2007.
public struct KMeans: Sendable, Hashable {
    /// The number of clusters k.
    public var clusters: Int
    /// The number of k-means++ starts (scikit-learn's `n_init`; its `"auto"` is 1 for k-means++).
    public var restarts: Int
    /// The iteration limit of each run (scikit-learn's `max_iter`, 300).
    public var maxIterations: Int
    /// The tolerance on the squared centre shift, relative to the mean feature variance (`tol`, 1e-4).
    public var tolerance: Double
    /// The seed of the k-means++ draws; the same seed gives the same clustering.
    public var seed: UInt64
    /// Starting centres (k × d) instead of k-means++; with them a single run is made.
    public var initialCenters: Tensor?

    /// A configuration; defaults are scikit-learn's (`n_init="auto"` = 1 run, 300 iterations, tol 1e-4).
    /// - Precondition: `clusters ≥ 1`, `restarts ≥ 1`, `maxIterations ≥ 1`, `tolerance ≥ 0`.
    public init(clusters: Int, restarts: Int = 1, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0,
                initialCenters: Tensor? = nil) {
        precondition(clusters >= 1, "KMeans: clusters must be at least 1, got \(clusters)")
        precondition(restarts >= 1, "KMeans: restarts must be at least 1, got \(restarts)")
        precondition(maxIterations >= 1, "KMeans: maxIterations must be at least 1, got \(maxIterations)")
        precondition(tolerance >= 0, "KMeans: tolerance must be non-negative, got \(tolerance)")
        self.clusters = clusters
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
        self.initialCenters = initialCenters
    }

    /// Clusters the rows of the n × d matrix `x`.
    /// - Throws: `ClusteringError.emptyData`, `.nonFinite` (naming row and column),
    ///   `.invalidClusterCount` when k > n, `.initialCentersShape`.
    /// - Complexity: O(restarts · iterations · n · k · d) time, O(n·d + k·d) memory.
    public func fit(_ x: Tensor) throws -> KMeansResult {
        try ClusteringError.requireFiniteData(x)
        let (n, d) = (x.shape[0], x.shape[1])
        guard clusters <= n else { throw ClusteringError.invalidClusterCount(requested: clusters, points: n) }
        if let initialCenters {
            guard initialCenters.shape == [clusters, d] else {
                throw ClusteringError.initialCentersShape(expected: [clusters, d], got: initialCenters.shape)
            }
            try ClusteringError.requireFiniteData(initialCenters)
        }
        let points = x.scalars
        let threshold = tolerance * KMeans.meanVariance(points, n: n, d: d)
        if let initialCenters {
            return lloyd(points, n: n, d: d, centers: initialCenters.scalars, threshold: threshold)
        }
        var generator = SeededGenerator(seed: seed)
        var best: KMeansResult?
        for _ in 0..<restarts {
            let start = KMeans.plusPlusCenters(points, n: n, d: d, k: clusters, using: &generator)
            let run = lloyd(points, n: n, d: d, centers: start, threshold: threshold)
            if best == nil || run.inertia < best!.inertia { best = run }
        }
        return best!
    }

    /// One run of Lloyd's algorithm from `centers` (k·d values, row-major).
    func lloyd(_ x: [Double], n: Int, d: Int, centers start: [Double], threshold: Double) -> KMeansResult {
        let k = clusters
        var centers = start
        var labels = [Int](repeating: -1, count: n)
        var distances = [Double](repeating: 0, count: n)
        var iterations = 0
        var termination = Termination.iterationLimit
        var labelsChanged = true
        while iterations < maxIterations {
            labelsChanged = KMeans.assign(x, n: n, d: d, centers: centers, k: k, labels: &labels, distances: &distances)
            iterations += 1
            let (updated, relocated) = KMeans.means(x, n: n, d: d, k: k, labels: &labels, distances: distances, previous: centers)
            if relocated { labelsChanged = true }
            var shift = 0.0
            for j in 0..<(k * d) { shift += (updated[j] - centers[j]) * (updated[j] - centers[j]) }
            centers = updated
            // scikit-learn compares with the labels of the previous iteration (none before the first).
            if !labelsChanged && iterations > 1 { termination = .convergedStep; break }
            if shift <= threshold { termination = .convergedStep; labelsChanged = true; break }
        }
        // The labels must belong to the final centres (they moved after the last assignment).
        if labelsChanged || termination == .iterationLimit {
            _ = KMeans.assign(x, n: n, d: d, centers: centers, k: k, labels: &labels, distances: &distances)
        }
        let inertia = distances.reduce(0.0) { $0 + $1 }
        return KMeansResult(labels: labels, centers: Tensor(shape: [k, d], scalars: centers), inertia: inertia,
                            iterations: iterations, termination: termination)
    }

    /// Assigns each point to its nearest centre; returns whether any label changed. `distances`
    /// receives each point's squared distance to its centre.
    static func assign(_ x: [Double], n: Int, d: Int, centers: [Double], k: Int, labels: inout [Int], distances: inout [Double]) -> Bool {
        var changed = false
        x.withUnsafeBufferPointer { p in
            centers.withUnsafeBufferPointer { c in
                labels.withUnsafeMutableBufferPointer { labels in
                    distances.withUnsafeMutableBufferPointer { distances in
                        for i in 0..<n {
                            var bestLabel = 0
                            var bestDistance = Double.infinity
                            for j in 0..<k {
                                var s = 0.0
                                for f in 0..<d { let t = p[i * d + f] - c[j * d + f]; s += t * t }
                                if s < bestDistance { bestDistance = s; bestLabel = j }
                            }
                            if labels[i] != bestLabel { changed = true; labels[i] = bestLabel }
                            distances[i] = bestDistance
                        }
                    }
                }
            }
        }
        return changed
    }

    /// The mean of each cluster's points. An empty cluster takes the point farthest from its own
    /// centre (largest `distances`), which leaves its old cluster (scikit-learn's relocation);
    /// `relocated` says whether that happened (the labels changed).
    static func means(_ x: [Double], n: Int, d: Int, k: Int, labels: inout [Int], distances: [Double],
                      previous: [Double]) -> (centers: [Double], relocated: Bool) {
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Int](repeating: 0, count: k)
        x.withUnsafeBufferPointer { p in
            labels.withUnsafeBufferPointer { labels in
                sums.withUnsafeMutableBufferPointer { sums in
                    for i in 0..<n {
                        counts[labels[i]] += 1
                        for f in 0..<d { sums[labels[i] * d + f] += p[i * d + f] }
                    }
                }
            }
        }
        let empty = (0..<k).filter { counts[$0] == 0 }
        var relocated = false
        if !empty.isEmpty {
            let farthest = (0..<n).sorted { distances[$0] > distances[$1] }
            for (j, i) in zip(empty, farthest) where counts[labels[i]] > 1 {
                let old = labels[i]
                counts[old] -= 1
                counts[j] = 1
                for f in 0..<d { sums[old * d + f] -= x[i * d + f]; sums[j * d + f] = x[i * d + f] }
                labels[i] = j
                relocated = true
            }
        }
        var centers = previous
        for j in 0..<k where counts[j] > 0 {
            for f in 0..<d { centers[j * d + f] = sums[j * d + f] / Double(counts[j]) }
        }
        return (centers, relocated)
    }

    /// (1/d) Σ_f Var(x_{·f}) (population variances).
    static func meanVariance(_ x: [Double], n: Int, d: Int) -> Double {
        var total = 0.0
        for f in 0..<d {
            var mean = 0.0
            for i in 0..<n { mean += x[i * d + f] }
            mean /= Double(n)
            var v = 0.0
            for i in 0..<n { let t = x[i * d + f] - mean; v += t * t }
            total += v / Double(n)
        }
        return total / Double(d)
    }
}
