import DescentCore
import Foundation

/// The same neighbours as `exhaustiveNearestNeighbors`, index for index, with the distances screened
/// by BLAS: for a block of rows, ‖zᵢ − zⱼ‖² ≈ ‖zᵢ‖² + ‖zⱼ‖² − 2·zᵢ·zⱼ for all j from one GEMM
/// (z = x − x̄, the centred points, so that the norms stay small against the distances), the way
/// scikit-learn's brute-force `euclidean_distances` computes them. The screened value ãᵢⱼ is only
/// used to pick candidates; the answer is decided by the exact sums Σ_f (xᵢ_f − xⱼ_f)² on x itself.
///
/// Why nothing is lost: let M bound |ãᵢⱼ − aᵢⱼ| for every j, a the exact sums as computed, and τ the
/// count-th smallest ãᵢⱼ. A point j with ãᵢⱼ > τ + 2M has aᵢⱼ > τ + M, while `count` points l have
/// aᵢₗ ≤ ãᵢₗ + M ≤ τ + M: it cannot be among the nearest, so the candidates {j : ãᵢⱼ ≤ τ + 2M} hold
/// them all. M = 8(d + 10)·ε·(‖zᵢ‖² + max_j‖zⱼ‖²) covers the centring (relative ε per
/// coordinate), the GEMM's dot products (γ_d‖zᵢ‖‖zⱼ‖), the norms, the three additions and the
/// exact sums' own rounding (γ_{d+3}·aᵢⱼ with aᵢⱼ ≤ 2(‖zᵢ‖² + ‖zⱼ‖²)), with a factor 2 to spare
/// (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §3.1). On well-spread data
/// the candidates are barely more than `count`.
///
/// - Complexity: 2n²d flops in GEMMs of `blockRows` rows, O(n²) for the screening, O(candidates·d)
///   exact sums per row; memory blockRows·n doubles.
/// - Precondition: count < n.
func gramNearestNeighbors(_ x: Tensor, count others: Int) -> [Int] {
    let (n, d) = (x.shape[0], x.shape[1])
    var nearest = [Int](repeating: 0, count: n * others)
    guard others > 0 else { return nearest }
    let z = x - x.mean(alongAxis: 0)
    let norms = (0..<n).map { i in (0..<d).reduce(0.0) { $0 + z.scalars[i * d + $1] * z.scalars[i * d + $1] } }
    let largestNorm = norms.max() ?? 0
    let marginFactor = 8 * Double(d + 10) * Double.ulpOfOne
    // Rows per GEMM: about 2²¹ doubles (16 MiB) of products, at least 8 rows.
    let blockRows = Swift.max(8, Swift.min(n, (1 << 21) / n))
    for blockStart in stride(from: 0, to: n, by: blockRows) {
        let rows = blockStart..<Swift.min(n, blockStart + blockRows)
        let products = matmul(z.slice(rows: rows), z, transposeB: true)   // |rows| × n
        x.scalars.withUnsafeBufferPointer { p in
            products.scalars.withUnsafeBufferPointer { g in
                nearest.withUnsafeMutableBufferPointer { out in
                    let output = out.baseAddress!
                    ParallelLoop.concurrentPerform(iterations: rows.count) { r in
                        let i = blockStart + r
                        // τ: the count-th smallest screened distance (insertion into a sorted list).
                        var screened = [Double](repeating: .infinity, count: others)
                        for j in 0..<n where j != i {
                            let a = norms[i] + norms[j] - 2 * g[r * n + j]
                            if a < screened[others - 1] {
                                var t = others - 1
                                while t > 0 && screened[t - 1] > a { screened[t] = screened[t - 1]; t -= 1 }
                                screened[t] = a
                            }
                        }
                        let limit = screened[others - 1] + 2 * marginFactor * (norms[i] + largestNorm)
                        // The candidates, ranked by their exact sums and index, as the exhaustive search does.
                        var best = [Double](repeating: .infinity, count: others)
                        var bestIndex = [Int](repeating: -1, count: others)
                        for j in 0..<n where j != i && norms[i] + norms[j] - 2 * g[r * n + j] <= limit {
                            var s = 0.0
                            for f in 0..<d { let t = p[i * d + f] - p[j * d + f]; s += t * t }
                            // j ascends, so an equal distance never displaces the lower index.
                            if s < best[others - 1] {
                                var t = others - 1
                                while t > 0 && best[t - 1] > s { best[t] = best[t - 1]; bestIndex[t] = bestIndex[t - 1]; t -= 1 }
                                best[t] = s; bestIndex[t] = j
                            }
                        }
                        for t in 0..<others { output[i * others + t] = bestIndex[t] }
                    }
                }
            }
        }
    }
    return nearest
}
