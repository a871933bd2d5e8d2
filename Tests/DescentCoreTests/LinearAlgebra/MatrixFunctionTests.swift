import ComplexModule
import DescentCore
import Foundation
import Testing
import _TestSupport

/// solve, inverse, determinant, rank, pseudoinverse, null space, norms, condition number, least
/// squares, characteristic polynomial, positive definiteness and spectral radius.
@Suite("Matrix functions")
struct MatrixFunctionTests {
    // MARK: A worked example: A = [[4, 1], [2, 3]]

    @Test func workedExample() throws {
        let a: Tensor = [[4, 1], [2, 3]]
        let eig = try Eigen(a)
        #expect(eig.isReal)
        expectClose(eig.eigenvalues.map(\.real), [5, 2], rtol: 1e-15, "2 × 2 QR iteration, a few ulps")
        let v5 = eig.eigenvectors[0].map(\.real)
        expectClose(v5, [(0.5).squareRoot(), (0.5).squareRoot()], rtol: 1e-15, "(1, 1)/√2 up to rounding")
        #expect(try a.characteristicPolynomial() == [1, -7, 10], "Faddeev–LeVerrier is exact on small integers")
        expectClose(try a.determinant(), 10, rtol: 1e-15, "one LU step of an integer matrix")
        #expect(try a.matrixRank() == 2)
        expectClose(try a.spectralRadius(), 5, rtol: 1e-15, "ρ = largest |λ|")
        expectClose(try solve(a, Tensor([5, 5])), Tensor([1, 1]), rtol: 1e-15, "exact solution (1, 1)")
    }

    /// The Hessian of Rosenbrock at (1, 1) is [[802, −400], [−400, 200]] with eigenvalues
    /// 501 ± √250601 ≈ 1001.6 and 0.3994, κ ≈ 2508.
    @Test func rosenbrockHessianAtTheMinimum() throws {
        let h: Tensor = [[802, -400], [-400, 200]]
        let root = (250601.0).squareRoot()
        let eig = try SymmetricEigen(h)
        // The small eigenvalue 501 − √250601 loses ~3 digits to cancellation in the closed form itself,
        // while LAPACK's is accurate to ε·‖H‖ ≈ 2e-13 absolute: compare both absolutely at that level.
        expectClose(eig.eigenvalues, Tensor([501 - root, 501 + root]), atol: 1e-12, "ε·‖H‖ absolute (Weyl)")
        expectClose(try h.conditionNumber(), (501 + root) / (501 - root), rtol: 1e-12, "κ·ε relative with κ ≈ 2508")
        #expect(Swift.abs(try h.conditionNumber() - 2508) < 1)
        #expect(try h.isPositiveDefinite())
        // The Hessian a popular text prints, [[1200, −400], [−400, 2]], is indefinite — not a minimum's.
        #expect(try !Tensor([[1200, -400], [-400, 2]]).isPositiveSemidefinite())
    }

    // MARK: Square references

    @Test(arguments: LinalgReference.squareNames)
    func squareFunctionsMatchNumPy(_ name: String) throws {
        let ref = LinalgReference.square(name)
        let a = ref.matrix("a")
        let n = a.rows
        let singular = ref.object["singular"] as! Bool
        let kappa = ref.has("cond") ? ref.double("cond") : .infinity
        let relative = Tolerance.conditioned(n: n, condition: kappa.isFinite ? kappa : 10)
        let det = try a.determinant()
        let (sign, logAbs) = try a.logAbsDeterminant()
        if singular {
            // Rank-deficient in floating point: the determinant is rounding noise of size ε·‖A‖ⁿ.
            expectClose(det, 0, atol: 1e-13 * Foundation.pow(Swift.max(a.norm(.frobenius), 1), Double(n)),
                        "\(name): det of a singular matrix is rounding noise ε·‖A‖ⁿ")
        } else {
            expectClose(det, ref.double("det"), rtol: relative, atol: 1e-300, "\(name): δdet/det ≤ n·κ·ε")
            #expect(sign == ref.double("slogdet_sign"))
            expectClose(logAbs, ref.double("slogdet_logabs"), atol: relative, "\(name): δlog|det| ≤ n·κ·ε")
            let (x, xx, inverse) = (ref.matrix("x"), ref.matrix("xx"), ref.matrix("inv"))
            expectClose(try solve(a, ref.matrix("b")), x, atol: Tolerance.forward(condition: kappa, scale: x.norm(.infinity)),
                        "\(name): forward error κ·ε")
            expectClose(try solve(a, ref.matrix("bb")), xx, atol: Tolerance.forward(condition: kappa, scale: xx.norm(.infinity)),
                        "\(name): forward error κ·ε")
            expectClose(try a.inverse(), inverse, atol: Tolerance.forward(condition: kappa, scale: inverse.norm(.infinity)),
                        "\(name): forward error κ·ε")
        }
        if ref.has("poly") {
            let p = try a.characteristicPolynomial()
            let expected = ref.doubles("poly")
            // Coefficient cₖ is a sum of k × k principal minors, of size up to C(n, k)·‖A‖ᵏ;
            // Faddeev–LeVerrier and NumPy's product of eigenvalues both err by ε times that scale.
            let norm = Swift.max(try a.matrixNorm(.two), 1)
            for (k, (c, e)) in zip(p, expected).enumerated() {
                let scale = Double(binomial(n, k)) * Foundation.pow(norm, Double(k))
                expectClose(c, e, atol: 1e3 * Tolerance.eps * scale, "\(name) c\(k): ε·C(n,k)·‖A‖ᵏ")
            }
            #expect(p.count == n + 1)
        }
        expectClose(try a.spectralRadius(), ref.double("spectral_radius"), rtol: 1e-8, atol: 1e-8,
                    "\(name): eigenvalue moduli; the double zero eigenvalue of the rank-deficient case perturbs like √ε")
        // An SPD matrix by construction; its negation is not.
        let spd = ref.matrix("spd")
        #expect(try spd.isPositiveDefinite())
        if n > 0 { #expect(try !(spd * -1).isPositiveDefinite()) }
    }

    // MARK: Rectangular references

    @Test(arguments: LinalgReference.rectangularNames)
    func rectangularFunctionsMatchNumPy(_ name: String) throws {
        let ref = LinalgReference.rectangular(name)
        let a = ref.matrix("a")
        let (m, n) = (a.shape[0], a.shape[1])
        let scale = Swift.max(a.norm(.frobenius), 1)
        #expect(try a.matrixRank() == ref.int("rank"))
        let norms = ref["norms"]
        for kind in NormKind.allCases {
            expectClose(try a.matrixNorm(kind), norms.double(kind.rawValue), rtol: 1e-13, atol: 1e-300,
                        "\(name) \(kind): sums, or singular values that are perfectly conditioned")
        }
        if ref.has("cond") {
            let cond = try a.conditionNumber()
            let expected = ref.double("cond")
            if expected > 1e14 || !expected.isFinite {
                // σ_min is rounding noise (or exactly 0): only "huge" is meaningful.
                #expect(cond > 1e14, "\(name): rank-deficient, κ is effectively infinite")
            } else {
                expectClose(cond, expected, rtol: 10 * expected * Tolerance.eps + 1e-13, "\(name): δκ/κ ≲ κ·ε (σ_min's absolute error ε‖A‖)")
            }
        }
        // Pseudoinverse: NumPy's value and the four Penrose conditions.
        let pinv = try a.pseudoinverse()
        let kappa = ref.has("cond") ? Swift.min(ref.double("cond"), 1e16) : 1
        let pinvReference = ref.matrix("pinv")
        if ref.int("rank") == Swift.min(m, n) {
            expectClose(pinv, pinvReference, atol: Tolerance.forward(condition: kappa, scale: Swift.max(pinvReference.norm(.infinity), 1)),
                        "\(name): forward error κ·ε of a full-rank pseudoinverse")
        } else {
            // Rank-deficient: the cutoff 1e-15·σ₁ sits between the noise singular values (~ε‖A‖)
            // and the true ones only when they are well separated, which is the case for these inputs.
            expectClose(pinv, pinvReference, atol: 1e-8 * Swift.max(pinvReference.norm(.infinity), 1),
                        "\(name): rank-deficient, same truncation as NumPy")
        }
        if m > 0 && n > 0 {
            let pinvNorm = Swift.max(pinv.norm(.frobenius), 1)
            let penrose = 1e-10 * scale * pinvNorm
            expectClose(a.matmul(pinv).matmul(a), a, atol: penrose * scale, "\(name): A·A⁺·A = A")
            expectClose(pinv.matmul(a).matmul(pinv), pinv, atol: penrose * pinvNorm, "\(name): A⁺·A·A⁺ = A⁺")
            let ap = a.matmul(pinv), pa = pinv.matmul(a)
            expectClose(ap, ap.transposed, atol: penrose, "\(name): A·A⁺ symmetric")
            expectClose(pa, pa.transposed, atol: penrose, "\(name): A⁺·A symmetric")
        }
        // Null space: compare the orthogonal projector N·Nᵀ (basis-independent) and check A·N = 0.
        if n > 0 {
            let null = try a.nullSpace()
            #expect(null.shape == [n, ref.int("nullity")])
            expectClose(null.matmul(null.transposed), ref.matrix("null_projector"), atol: 1e-10,
                        "\(name): projector onto the null space, well separated from the range")
            expectClose(a.matmul(null), Tensor.zeros([m, null.shape[1]]), atol: Tolerance.backward(a), "\(name): A·N = 0")
            expectClose(null.gram, Tensor.identity(null.shape[1]), atol: 1e-13, "\(name): orthonormal basis")
        }
        // Least squares with NumPy's default rcond.
        let b = ref.matrix("b")
        let ls = try LeastSquares(a, b)
        let x = ref.matrix("lstsq_x")
        #expect(ls.rank == ref.int("lstsq_rank"))
        expectClose(ls.singularValues, ref.matrix("lstsq_s"), atol: Tolerance.backward(a), "\(name): singular values")
        expectClose(ls.solution, x, atol: Tolerance.forward(condition: kappa, scale: Swift.max(x.norm(.infinity), 1)) * 10,
                    "\(name): least-squares forward error ≲ κ²·ε·‖r‖ + κ·ε‖x‖; κ and ‖r‖ are modest here")
        expectClose(ls.residualSumsOfSquares[0], ref.double("lstsq_rss"), rtol: 1e-9, atol: 1e-12 * scale * scale,
                    "\(name): ‖b − Ax‖² from a backward-stable solution")
        // Normal equations: the residual is orthogonal to the range of A.
        if m > 0 && n > 0 {
            let r = b - a.matmul(ls.solution)
            let bound = 1e3 * Tolerance.eps * scale * (scale * ls.solution.norm() + r.norm() + b.norm())
            expectClose(matmul(a, r, transposeA: true), Tensor.zeros([n]), atol: bound,
                        "\(name): Aᵀ(b − Ax) = 0 up to the backward error ε‖A‖(‖A‖‖x‖ + ‖b‖)")
        }
    }

    // MARK: Edge cases and errors by name

    @Test func emptyAndOneByOne() throws {
        let empty = Tensor.zeros([0, 0])
        #expect(try empty.determinant() == 1)
        #expect(try empty.logAbsDeterminant() == (1, 0))
        #expect(try empty.inverse().shape == [0, 0])
        #expect(try solve(empty, Tensor.zeros([0])).shape == [0])
        #expect(try empty.matrixRank() == 0)
        #expect(try empty.pseudoinverse().shape == [0, 0])
        #expect(try empty.matrixNorm(.two) == 0)
        #expect(try empty.characteristicPolynomial() == [1])
        #expect(try empty.spectralRadius() == 0)
        #expect(try empty.isPositiveDefinite())
        #expect(throws: LinearAlgebraError.self) { try empty.conditionNumber() }
        let one: Tensor = [[-2]]
        #expect(try one.determinant() == -2)
        #expect(try one.inverse() == Tensor([[-0.5]]))
        #expect(try one.characteristicPolynomial() == [1, 2])
        #expect(try one.conditionNumber() == 1)
        #expect(try !one.isPositiveDefinite())
        #expect(try Tensor([[0]]).matrixRank() == 0)
    }

    @Test func singularMatrices() throws {
        let a: Tensor = [[1, 2], [2, 4]]
        #expect(try a.determinant() == 0)
        #expect(try a.logAbsDeterminant() == (0, -.infinity))
        #expect(try a.conditionNumber() > 1e15)
        #expect(try Tensor.zeros([3, 3]).conditionNumber() == .infinity)
        #expect(try a.matrixRank() == 1)
        #expect(throws: LinearAlgebraError.singular(operation: "solve", pivot: 1)) { try solve(a, Tensor([1, 2])) }
        #expect(throws: LinearAlgebraError.singular(operation: "inverse", pivot: 0)) { try Tensor.zeros([2, 2]).inverse() }
        do {
            _ = try a.inverse()
            Issue.record("singular matrix inverted")
        } catch {
            #expect("\(error)" == "inverse: the matrix is singular (zero pivot U[1, 1] in the LU factorization)")
        }
        // The pseudoinverse of the zero matrix is its transpose's zero.
        #expect(try Tensor.zeros([2, 3]).pseudoinverse() == Tensor.zeros([3, 2]))
    }

    @Test func badInputIsNamed() {
        #expect(throws: LinearAlgebraError.notSquare(operation: "determinant", shape: [2, 3])) { try Tensor.zeros([2, 3]).determinant() }
        #expect(throws: LinearAlgebraError.notSquare(operation: "solve", shape: [2, 3])) { try solve(Tensor.zeros([2, 3]), Tensor.zeros([2])) }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "solve", shapes: [[2, 2], [3]])) {
            try solve(Tensor.identity(2), Tensor.zeros([3]))
        }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "lstsq", shapes: [[3, 2], [2, 1]])) {
            try LeastSquares(Tensor.zeros([3, 2]), Tensor.zeros([2, 1]))
        }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "solve", index: [1], value: -.infinity)) {
            try solve(Tensor.identity(2), Tensor([1, -.infinity]))
        }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "rank", index: [0, 1], value: .infinity)) {
            try Tensor([[1, .infinity]]).matrixRank()
        }
        #expect(throws: LinearAlgebraError.unsupported(operation: "characteristicPolynomial",
                                                       reason: "order 13 exceeds 12: the Faddeev–LeVerrier recurrence is unstable for large matrices; use Eigen for the roots")) {
            try Tensor.identity(13).characteristicPolynomial()
        }
        do {
            _ = try Tensor.zeros([2, 3]).determinant()
        } catch {
            #expect("\(error)" == "determinant: needs a square matrix, got shape (2, 3)")
        }
    }

    @Test func leastSquaresOfAnExactOverdeterminedSystem() throws {
        // b lies in the range of A: residual 0, solution exact. Matrix right-hand side too.
        let a: Tensor = [[1, 0], [0, 1], [1, 1]]
        let ls = try LeastSquares(a, Tensor([[1, 2], [2, 4], [3, 6]]))
        expectClose(ls.solution, Tensor([[1, 2], [2, 4]]), atol: 1e-14, "exact data, tiny rounding")
        expectClose(ls.residualNorm, 0, atol: 1e-14, "exact data")
        #expect(ls.rank == 2 && ls.residualSumsOfSquares.count == 2)
        // Underdetermined: the minimum-norm solution of x + y = 2 is (1, 1).
        expectClose(try LeastSquares(Tensor([[1, 1]]), Tensor([2])).solution, Tensor([1, 1]), atol: 1e-15, "minimum norm")
    }

    @Test func positiveDefiniteness() throws {
        #expect(try Tensor([[2, -1], [-1, 2]]).isPositiveDefinite())
        #expect(try !Tensor([[1, 2], [2, 1]]).isPositiveDefinite(), "indefinite: eigenvalues 3, −1")
        #expect(try !Tensor([[1, 0], [0, 0]]).isPositiveDefinite(), "semidefinite is not definite")
        #expect(try !Tensor([[2, 1], [0, 2]]).isPositiveDefinite(), "not symmetric")
    }

    @Test func positiveSemidefiniteness() throws {
        let x: Tensor = [1, 2, 3]
        #expect(try outer(x, x).isPositiveSemidefinite(), "rank-one xxᵀ: eigenvalues 14, 0, 0 (0 up to rounding)")
        #expect(try !outer(x, x).isPositiveDefinite())
        #expect(try !Tensor([[1, 0], [0, -1e-3]]).isPositiveSemidefinite())
        #expect(try Tensor.zeros([2, 2]).isPositiveSemidefinite())
        #expect(try Tensor.zeros([0, 0]).isPositiveSemidefinite())
    }

    @Test func symmetricSolversReadOnlyTheLowerTriangle() throws {
        // LAPACK's uplo = 'L' convention (NumPy's eigh and cholesky): the upper triangle is ignored.
        let lower: Tensor = [[2, 99], [1, 2]]
        let symmetric: Tensor = [[2, 1], [1, 2]]
        #expect(try SymmetricEigen(lower).eigenvalues == SymmetricEigen(symmetric).eigenvalues)
        #expect(try Cholesky(lower).l == Cholesky(symmetric).l)
    }

    @Test func spectralRadiusOfARotationAndANilpotent() throws {
        expectClose(try Tensor([[0, -2], [2, 0]]).spectralRadius(), 2, rtol: 1e-15, "|±2i| = 2")
        #expect(try Tensor([[0, 1], [0, 0]]).spectralRadius() == 0)
    }
}

/// C(n, k) for the small n of the characteristic-polynomial tests.
private func binomial(_ n: Int, _ k: Int) -> Int {
    guard k >= 0 && k <= n else { return 0 }
    var result = 1
    for i in 0..<k { result = result * (n - i) / (i + 1) }
    return result
}
