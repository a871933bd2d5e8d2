@testable import DescentCore
import Testing

/// Single-vector thick-restart Lanczos with `OrthogonalityEstimates`: the basis stays orthogonal to
/// about η while most products skip the full reorthogonalization.
@Suite("Selective reorthogonalization")
struct SelectiveReorthogonalizationTests {
    /// diag(1, …, n) with its top eigenvalues spread out, so that they converge within a few dozen
    /// steps and plain Lanczos (no reorthogonalization) loses orthogonality towards them.
    func spreadTop(_ n: Int) -> Tensor {
        let values: [Double] = (0..<n).map { i -> Double in
            i < n - 5 ? Double(i) / Double(n) : Double(i - n + 7)
        }
        return Tensor.diagonal(values)
    }

    func largestLoss(_ basis: OrthonormalBasis) -> Double {
        let q = basis.matrix
        let gram = q.gram
        var worst = 0.0
        for i in 0..<gram.shape[0] { for j in 0..<gram.shape[1] { worst = Swift.max(worst, Swift.abs(gram[i, j] - (i == j ? 1 : 0))) } }
        return worst
    }

    @Test("η = 1e-10: after 59 products the basis is orthogonal to 1e-9, and with η = 0 to rounding")
    func basisStaysSemiOrthogonal() {
        let a = spreadTop(600)
        for (level, bound) in [(1e-10, 1e-9), (0, 1e-13)] {
            var solver = ThickRestartLanczos(n: 600, blockSize: 1, basisSize: 60, seed: 11, orthogonality: level)
            for _ in 0..<59 { _ = solver.expand(a, atMost: 1) }
            #expect(solver.basis.count == 60)
            #expect(largestLoss(solver.basis) <= bound, "η = \(level)")
        }
    }

    @Test("the largest eigenvalues agree with full reorthogonalization, and the vectors are orthonormal")
    func resultsMatchFullReorthogonalization() throws {
        let a = spreadTop(600)
        let options = IterativeOptions(tolerance: 1e-10)
        let selective = try lanczos(a, count: 4, which: .largest, basisSize: 20, blockSize: 1, options: options)
        let blocked = try lanczos(a, count: 4, which: .largest, basisSize: 20, blockSize: 2, options: options)
        #expect(selective.isConverged && blocked.isConverged)
        // Both to the tolerance 1e-10 × ‖A‖ in the residual, so the values (simple, well separated) to its square.
        for (x, y) in zip(selective.eigenvalues.scalars, blocked.eigenvalues.scalars) { #expect(Swift.abs(x - y) <= 1e-12) }
        #expect(zip(selective.eigenvalues.scalars, [3.0, 4, 5, 6]).allSatisfy { Swift.abs($0 - $1) <= 1e-10 })
        let v = selective.eigenvectors
        let gram = v.gram
        for i in 0..<4 { for j in 0..<4 { #expect(Swift.abs(gram[i, j] - (i == j ? 1 : 0)) <= 1e-13) } }
    }
}
