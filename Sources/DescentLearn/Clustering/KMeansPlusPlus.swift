import DescentCore
import Foundation

extension KMeans {
    /// Greedy k-means++ centres (scikit-learn's `_kmeans_plusplus`): the first centre is a point
    /// drawn uniformly; each next one is the best, by the potential Σᵢ min_j ‖xᵢ − cⱼ‖² it leaves,
    /// of 2 + ⌊ln k⌋ candidates drawn with probability proportional to D(x)², the squared distance
    /// to the nearest centre chosen so far. Returns k·d values, row-major.
    ///
    /// - Complexity: O(n·d·k·log k).
    /// - Reference: Arthur & Vassilvitskii, SODA 2007, §3 and the greedy variant of §5.
    static func plusPlusCenters(_ x: [Double], n: Int, d: Int, k: Int, using generator: inout SeededGenerator) -> [Double] {
        let trials = 2 + Int(log(Double(k)))
        var centers = [Double](repeating: 0, count: k * d)
        func squaredDistances(to point: Int) -> [Double] {
            (0..<n).map { i in
                var s = 0.0
                for f in 0..<d { let t = x[i * d + f] - x[point * d + f]; s += t * t }
                return s
            }
        }
        let first = Int(generator.nextUniform() * Double(n)) % n
        for f in 0..<d { centers[f] = x[first * d + f] }
        var closest = squaredDistances(to: first)
        var potential = closest.reduce(0.0) { $0 + $1 }
        for c in 1..<max(k, 1) {
            // Inverse-CDF sampling on the running sum of D(x)² (searchsorted, clipped to the last point).
            var cumulative = [Double](repeating: 0, count: n)
            var running = 0.0
            for i in 0..<n { running += closest[i]; cumulative[i] = running }
            var bestPotential = Double.infinity
            var bestPoint = 0
            var bestDistances = closest
            for _ in 0..<trials {
                let target = generator.nextUniform() * potential
                var low = 0, high = n
                while low < high { let mid = (low + high) / 2; if cumulative[mid] < target { low = mid + 1 } else { high = mid } }
                let candidate = min(low, n - 1)
                var distances = squaredDistances(to: candidate)
                for i in 0..<n where closest[i] < distances[i] { distances[i] = closest[i] }
                let candidatePotential = distances.reduce(0.0) { $0 + $1 }
                if candidatePotential < bestPotential {
                    (bestPotential, bestPoint, bestDistances) = (candidatePotential, candidate, distances)
                }
            }
            potential = bestPotential
            closest = bestDistances
            for f in 0..<d { centers[c * d + f] = x[bestPoint * d + f] }
        }
        return centers
    }
}
