import DescentCore
import Foundation
import Testing
import _TestSupport

/// Iterative methods on an operator that exists only as a closure: the Laplacian of the path
/// graph on n nodes, (Lx)ᵢ = (deg i)·xᵢ − xᵢ₋₁ − xᵢ₊₁, whose eigenvalues are known in closed
/// form: λₖ = 2 − 2cos(kπ/n), k = 0, …, n − 1 (eigenvectors cos((i + ½)kπ/n)).
@Suite("Matrix-free operators")
struct MatrixFreeTests {
    static let n = 60

    static func pathLaplacian(_ x: Tensor) -> Tensor {
        let n = x.count
        return Tensor(shape: [n]) { i in
            var y = 0.0
            if i > 0 { y += x.scalars[i] - x.scalars[i - 1] }
            if i < n - 1 { y += x.scalars[i] - x.scalars[i + 1] }
            return y
        }
    }

    static func exactEigenvalue(_ k: Int) -> Double { 2 - 2 * cos(Double(k) * Double.pi / Double(n)) }

    @Test func lanczosMatchesClosedFormSpectrum() throws {
        let op = FunctionOperator(symmetric: Self.n, apply: Self.pathLaplacian)
        let top = try lanczos(op, count: 3, which: .largest)
        #expect(top.termination == .convergedResidual)
        let expected = Tensor((Self.n - 3..<Self.n).map(Self.exactEigenvalue))
        expectClose(top.eigenvalues, expected, rtol: 1e-12, "closed form; Ritz value error ≈ residual²/gap")
        let bottom = try lanczos(op, count: 2, which: .smallest)
        expectClose(bottom.eigenvalues, Tensor([0, Self.exactEigenvalue(1)]), atol: 1e-12, "absolute: λ₀ = 0")
        // The Fiedler vector is cos((i + ½)π/n) up to scale and sign.
        let fiedler = Tensor(shape: [Self.n]) { i in cos((Double(i) + 0.5) * Double.pi / Double(Self.n)) }.normalizedForTest()
        let found = bottom.eigenvectors.column(1)
        expectClose(Swift.abs(dot(found, fiedler)), 1, atol: 1e-8, "eigenvector error ≈ residual/gap, gap ≈ 8e-3")
    }

    @Test func conjugateGradientAgreesWithDenseLUSolve() throws {
        // L + 0.1·I is SPD; compare the matrix-free CG solution with LU on the assembled matrix.
        let op = FunctionOperator(symmetric: Self.n) { Self.pathLaplacian($0) + $0 * 0.1 }
        let dense = Tensor.stack((0..<Self.n).map { j in op.apply(Tensor(shape: [Self.n]) { $0 == j ? 1 : 0 }) }, axis: 1)
        var generator = SeededGenerator(seed: 5)
        let b = Tensor.randomNormal([Self.n], using: &generator)
        let result = try conjugateGradient(op, b, options: IterativeOptions(tolerance: 1e-13))
        #expect(result.termination == .convergedResidual)
        // κ(L + 0.1·I) = 4.1/0.1 = 41: forward error ≤ κ·1e-13.
        expectClose(result.solution, try LU(dense).solve(b), rtol: 1e-10, atol: 1e-11, "κ = 41 times the residual tolerance")
        #expect(result.iterations <= Self.n)
    }

    @Test func powerIterationOnClosure() throws {
        let op = FunctionOperator(symmetric: 8, apply: Self.pathLaplacian)
        let result = try powerIteration(op, options: IterativeOptions(tolerance: 1e-12, maxIterations: 10_000))
        #expect(result.termination == .convergedResidual)
        expectClose(result.eigenvalue, 2 - 2 * cos(7 * Double.pi / 8), rtol: 1e-12, "closed form, n = 8")
    }
}

extension Tensor {
    fileprivate func normalizedForTest() -> Tensor { self / norm(.two) }
}
