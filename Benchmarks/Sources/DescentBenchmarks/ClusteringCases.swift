import Descent
import Foundation

// Spectral clustering (DescentLearn) against scikit-learn's SpectralClustering: 10⁴ noisy two-moons
// points, kNN affinity (10 neighbours), k = 2. Both sides generate the points from the same
// integer hash (splitmix64), so no shared file is needed; `check` is the adjusted Rand index of
// the labels against the moon each point was drawn from. The moons overlap, so k-means in the
// embedding has several local minima of nearly equal inertia (reported under `details`), and the
// two sides agree within 0.01 in ARI rather than to 1e-6 (see clustering_cases.py).

/// Points of the spectral clustering case, as `Benchmarks/peers/sklearn_cluster_peer.py` makes them.
let spectralPoints = 10_000, spectralNoise = 0.5

/// Uniform on [0, 1) from splitmix64 of `k` (53 high bits), bit-identical to the peer's.
func hashedUniform(_ k: UInt64) -> Double {
    var z = k &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) * 0x1p-53
}

/// Two interleaved half circles (scikit-learn's make_moons) with uniform noise of width `noise`;
/// point i is on the lower moon when i is odd.
func hashedMoons(_ n: Int, noise: Double) -> (x: Tensor, moon: [Int]) {
    var values = [Double](repeating: 0, count: 2 * n)
    for i in 0..<n {
        let a = Double.pi * hashedUniform(UInt64(3 * i))
        let (u, v) = (hashedUniform(UInt64(3 * i + 1)) - 0.5, hashedUniform(UInt64(3 * i + 2)) - 0.5)
        let lower = i % 2 == 1
        values[2 * i] = (lower ? 1 - cos(a) : cos(a)) + noise * u
        values[2 * i + 1] = (lower ? 0.5 - sin(a) : sin(a)) + noise * v
    }
    return (Tensor(shape: [n, 2], scalars: values), (0..<n).map { $0 % 2 })
}

let spectralClusteringRun: @Sendable (BenchmarkData, Int, Int) -> Timing = { _, repeats, warmup in
    let (x, moon) = hashedMoons(spectralPoints, noise: spectralNoise)
    let configuration = SpectralClustering(clusters: 2, affinity: .nearestNeighbors(count: 10))
    var last: SpectralClusteringResult?
    var timing = timed(repeats, warmup, { () -> Double in
        let result = try! configuration.fit(x)
        last = result
        return try! adjustedRandIndex(result.labels, moon)
    }, check: { $0 })
    if let r = last {
        timing.details = ["iterations": Double(r.iterations), "eigengap": r.eigengap ?? .nan, "inertia": r.inertia, "components": Double(r.componentCount),
                          "converged": r.isConverged ? 1 : 0]
    }
    return timing
}

let clusteringCases: [BenchmarkCase] = [
    BenchmarkCase(name: "spectral_knn_1e4", peer: "sklearn SpectralClustering(affinity=\"nearest_neighbors\")", run: spectralClusteringRun),
]
