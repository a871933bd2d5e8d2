import DescentCore
@testable import DescentOptimize
import _TestSupport
import Testing

/// The hand-written derivatives of the problem suite against finite differences and each other.
@Suite struct TestProblemTests {
    /// Central differences (f(x + he) − f(x − he))/2h: error O(h²f‴) + O(ε f/h); h = 1e-5 balances them.
    func centralGradient(_ f: (Tensor) -> Double, _ x: Tensor, h: Double = 1e-5) -> Tensor {
        Tensor(shape: x.shape) { i in
            var plus = x, minus = x
            plus[[i]] += h
            minus[[i]] -= h
            return (f(plus) - f(minus)) / (2 * h)
        }
    }

    @Test func derivativesMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 5)
        for reference in ProblemSuite.all {
            let p = reference.problem
            let points = [p.start, p.start + Tensor.randomNormal(p.start.shape, standardDeviation: 0.3, using: &generator)]
            for x in points {
                let (f, g) = p.objective.valueAndGradient(x)
                expectClose(f, p.objective.value(x), rtol: 1e-14, atol: 1e-300, "\(p.name): the two value paths agree up to rounding")
                let scale = Swift.max(1, g.norm(.infinity))
                expectClose(g, centralGradient(p.objective.value, x), atol: 1e-6 * scale,
                            "\(p.name): central difference error ~h²·f‴ + ε·f/h ≈ 1e-7 relative")
                let h = p.objective.hessian!(x)
                let hScale = Swift.max(1, h.norm(.infinity))
                let gradientOf = { (i: Int) in { (z: Tensor) in p.objective.valueAndGradient(z).gradient.scalars[i] } }
                for i in 0..<x.count {
                    expectClose(h.row(i), centralGradient(gradientOf(i), x), atol: 1e-6 * hScale,
                                "\(p.name): Hessian row \(i) vs central differences of the gradient")
                }
                let v = Tensor.randomNormal(x.shape, using: &generator)
                expectClose(p.objective.hessianVectorProduct!(x, v), matmul(h, v), rtol: 1e-12, atol: 1e-12 * hScale * v.norm(.infinity),
                            "\(p.name): HVP and explicit Hessian are the same formulas, summed in another order")
            }
        }
    }

    @Test func rosenbrockHessianAtMinimum() {
        let h = TestProblem.rosenbrock.objective.hessian!(Tensor([1, 1]))
        #expect(h == Tensor([[802, -400], [-400, 200]]))
        // A popular text prints [[1200, −400], [−400, 2]] here; that is wrong.
        #expect(h != Tensor([[1200, -400], [-400, 2]]))
        // Eigenvalues of a symmetric 2 × 2: (tr ± √(tr² − 4 det))/2 ≈ 1001.6 and 0.3994, κ ≈ 2508.
        let tr = h.trace, det = 802.0 * 200 - 400 * 400
        let disc = (tr * tr - 4 * det).squareRoot()
        expectClose((tr + disc) / 2, 1001.6006, rtol: 1e-7, "printed to 5 significant digits")
        expectClose((tr - disc) / 2, 0.39936, rtol: 1e-4, "printed to 4 significant digits")
        expectClose((tr + disc) / (tr - disc), 2508, rtol: 1e-3, "κ ≈ 2508 as printed")
        #expect(TestProblem.rosenbrock.objective.gradient!(Tensor([1, 1])) == Tensor([0, 0]))
    }

    @Test func quadraticConstruction() {
        for (n, kappa) in [(1, 1.0), (2, 10.0), (3, 100.0), (10, 100.0), (50, 1000.0)] {
            let q = Quadratic.random(dimension: n, conditionNumber: kappa, seed: 42)
            #expect(q.matrix == q.matrix.transposed, "symmetric")
            expectClose(matmul(q.matrix, q.minimizer!), q.linear, atol: 1e-13 * kappa * Swift.max(1, q.linear.norm(.infinity)),
                        "A x* = b to backward error ~ n ε κ")
            let lambdas = q.eigenvalues!
            expectClose(lambdas.last! / lambdas.first!, kappa, rtol: 1e-14, "κ from the construction")
            expectClose(q.matrix.trace, lambdas.reduce(0, +), rtol: 1e-13, "trace = Σλ (orthogonal similarity)")
            expectClose(q.matrix.norm(.frobenius), lambdas.map { $0 * $0 }.reduce(0, +).squareRoot(), rtol: 1e-13, "‖A‖_F² = Σλ²")
        }
    }

    @Test func seededDataMatchesTheGeneratorPort() {
        // The Python generator re-implements SeededGenerator; equal optimal values prove equal data.
        for reference in ProblemSuite.all {
            let p = reference.problem
            expectClose(p.objective.value(reference.minimizer), reference.reference.double("best_f"), rtol: 1e-9, atol: 1e-12,
                        "\(p.name): SciPy's f at its best x (gtol 1e-5) vs ours at x*; quadratic gap ‖g‖²/μ ≲ 1e-10")
        }
    }
}
