import DescentCore
@testable import DescentOptimize
import _TestSupport
import Testing

/// Newton's defaults (strong Wolfe, Gill–Murray modified Cholesky) on the problems where Armijo with
/// an added multiple of the identity drifted or crawled, and the modified Cholesky factorization itself.
@Suite struct NewtonDefaultTests {
    @Test func osborne1Converges() throws {
        let problem = TrustRegionProblems.osborne1
        let result = try minimize(problem.objective, from: problem.start, using: Newton())
        expectConverged(result, "Newton/osborne1")
        expectClose(result.minimum, problem.minimum!, rtol: 1e-9, "f* (MGH 5.46489e-5): ‖∇f‖∞ ≤ 1e-5 at a well-conditioned minimizer")
        // Measured: 26 iterations, 37 evaluations. The old default (Armijo, added identity) drifted to
        // f = 0.0468 in 787 iterations.
        #expect(result.iterations <= 40 && Double(result.functionEvaluations) <= 2 * Double(result.iterations), "\(result)")
    }

    @Test func meyerReachesTheMinimumWithFewEvaluationsPerIteration() throws {
        let problem = TrustRegionProblems.meyer
        // ‖∇f‖∞ ≤ 1e-2 is 1e-4 relative to f* ≈ 88 and above Meyer's rounding floor (‖∇f‖ ≈ 1e-3 at f*:
        // the Hessian's condition number is ~1e20); the default 1e-5 is not attainable in double precision.
        let result = try minimize(problem.objective, from: problem.start, using: Newton(),
                                  options: OptimizationOptions(gradientTolerance: 1e-2, maxIterations: 3000))
        expectConverged(result, "Newton/meyer")
        expectClose(result.minimum, problem.minimum!, rtol: 1e-10, "f* (MGH 87.9458)")
        // The old default spent ~11.5 evaluations per iteration (34 549 in 3000 iterations, not converged);
        // measured now: under 2.
        let perIteration = Double(result.functionEvaluations) / Double(result.iterations)
        #expect(perIteration <= 2.5 && result.iterations <= 250, "\(result.functionEvaluations) evaluations in \(result.iterations) iterations")
    }

    @Test func biggsEXP6ReachesTheGlobalMinimum() throws {
        // With an added multiple of the identity Newton stops at a stationary point with f = 0.2427;
        // the modified Cholesky keeps the Hessian's scaling and reaches f* = 0.
        let problem = TrustRegionProblems.biggsEXP6
        let result = try minimize(problem.objective, from: problem.start, using: Newton())
        expectConverged(result, "Newton/biggs-exp6")
        #expect(result.minimum < 1e-10, "f = \(result.minimum)")
    }

    @Test func solvesTheMoreGarbowHillstromSetButFreudensteinRoth() throws {
        // As in MoreGarbowHillstromSolveTests; only Freudenstein–Roth (2) ends at the paper's local
        // minimum 48.9842 (measured; the trust regions also miss the trigonometric problem, 26).
        var unsolved: [Int] = []
        for number in 1...35 {
            let p = MoreGarbowHillstrom.problem(number: number)
            let options = OptimizationOptions(gradientTolerance: MoreGarbowHillstromSolveTests.gradientTolerances[number] ?? 1e-5,
                                              maxIterations: 2000)
            let result = try minimize(p.objective, from: p.start, using: Newton(), options: options)
            let fStar = p.minimum!
            let solved = fStar > 0 ? result.minimum - fStar <= 1e-6 * fStar : result.minimum <= 1e-10 * p.objective.value(p.start)
            if !solved { unsolved.append(number) }
        }
        #expect(unsolved == [2], "unsolved: \(unsolved)")
    }

    @Test func armijoIsStillSelectable() throws {
        let newton = Newton(lineSearch: BacktrackingLineSearch())
        #expect(newton.lineSearch.name == "Armijo backtracking" && newton.modification == .modifiedCholesky)
        #expect(Newton().lineSearch.name == "strong Wolfe line search")
    }

    @Test func modifiedCholeskyOfAPositiveDefiniteMatrixAddsNothing() throws {
        let a = Tensor([[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]])
        let factor = ModifiedCholesky(a)
        #expect(factor.addedDiagonal.allSatisfy { $0 == 0 }, "E = \(factor.addedDiagonal)")
        let b = Tensor([1, -2, 3])
        expectClose(factor.solve(b), try Cholesky(a).solve(b), rtol: 1e-13, "the same solution as LAPACK's Cholesky")
    }

    @Test func modifiedCholeskyOfAnIndefiniteMatrixIsAFactorOfAPlusE() throws {
        let a = Tensor([[1, 4, 2], [4, -3, 0.5], [2, 0.5, -6]])
        let factor = ModifiedCholesky(a)
        let n = 3
        #expect(factor.addedDiagonal.allSatisfy { $0 >= 0 } && factor.pivots.allSatisfy { $0 > 0 })
        // P(A + E)Pᵀ = LDLᵀ, entry by entry.
        let l = Tensor(rows: n, columns: n) { i, j in factor.lower[i * n + j] }
        let ldl = matmul(matmul(l, .diagonal(factor.pivots)), l, transposeB: true)
        let shifted = a + .diagonal(factor.addedDiagonal)
        let permuted = Tensor(rows: n, columns: n) { i, j in shifted[factor.permutation[i], factor.permutation[j]] }
        expectClose(ldl, permuted, rtol: 1e-13, atol: 1e-13, "one rounding per product term")
        // A + E is positive definite, so the Newton direction −(A + E)⁻¹g is a descent direction.
        let g = Tensor([1, 1, 1])
        #expect(dot(g, factor.solve(-g)) < 0)
        #expect(try Cholesky(shifted).logDeterminant.isFinite)
    }
}
