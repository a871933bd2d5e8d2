import ComplexModule
import DescentCore
import Testing
import _TestSupport

/// LU, Cholesky, QR, SymmetricEigen, Eigen and SVD against NumPy/LAPACK references and their
/// defining invariants, over sizes 0, 1, 2, 3, 8, 30, rank-deficient, zero and ill-conditioned (Hilbert 8).
@Suite("Dense decompositions")
struct DecompositionTests {
    // MARK: LU

    @Test(arguments: LinalgReference.square.filter { !($0.object["singular"] as! Bool) }.map(\.name))
    func luReconstructsAndMatchesNumPy(_ name: String) throws {
        let ref = LinalgReference.square(name)
        let a = ref.matrix("a")
        let lu = try LU(a)
        let n = a.rows
        expectClose(a.gatherRows(lu.permutation), lu.l.matmul(lu.u), atol: Tolerance.backward(a),
                    "\(ref.name): P·A = L·U to backward error n·ε·‖A‖")
        #expect(lu.permutation.sorted() == Array(0..<n), "\(ref.name): permutation of 0..<n")
        for i in 0..<n {
            #expect(lu.l[i, i] == 1)
            for j in (i + 1)..<Swift.max(i + 1, n) { #expect(lu.l[i, j] == 0 && lu.u[j, i] == 0) }
        }
        // Partial pivoting keeps every multiplier at most 1 in magnitude.
        #expect(lu.l.scalars.allSatisfy { Swift.abs($0) <= 1 })
        let kappa = ref.has("cond") ? ref.double("cond") : 1
        let det = ref.double("det")
        let detTolerance = Tolerance.conditioned(n: n, condition: kappa)
        expectClose(lu.determinant, det, rtol: detTolerance, atol: 1e-300,
                    "\(ref.name): δdet/det ≈ tr(A⁻¹δA) ≤ n·κ·ε for a backward error ε‖A‖")
        let (sign, logAbs) = lu.logAbsDeterminant
        #expect(sign == ref.double("slogdet_sign"))
        expectClose(logAbs, ref.double("slogdet_logabs"), atol: detTolerance, "\(ref.name): δlog|det| = δdet/det ≤ n·κ·ε")
        let x = ref.matrix("x"), xx = ref.matrix("xx")
        expectClose(lu.solve(ref.matrix("b")), x, atol: Tolerance.forward(condition: kappa, scale: x.norm(.infinity)),
                    "\(ref.name): forward error κ·ε")
        expectClose(lu.solve(ref.matrix("bb")), xx, atol: Tolerance.forward(condition: kappa, scale: xx.norm(.infinity)),
                    "\(ref.name): forward error κ·ε, two right-hand sides")
        let inverse = ref.matrix("inv")
        expectClose(lu.inverse(), inverse, atol: Tolerance.forward(condition: kappa, scale: inverse.norm(.infinity)),
                    "\(ref.name): inverse forward error κ·ε")
    }

    @Test func luOfAKnownMatrix() throws {
        // [[0, 1], [2, 3]]: partial pivoting must swap the rows, det = −2.
        let lu = try LU([[0, 1], [2, 3]])
        #expect(lu.permutation == [1, 0])
        #expect(lu.l == Tensor([[1, 0], [0, 1]]))
        #expect(lu.u == Tensor([[2, 3], [0, 1]]))
        #expect(lu.determinant == -2)
        #expect(lu.logAbsDeterminant.sign == -1)
        #expect(lu.solve(Tensor([1, 5])) == Tensor([1, 1]))
    }

    // MARK: Cholesky

    @Test(arguments: LinalgReference.squareNames)
    func choleskyMatchesNumPy(_ name: String) throws {
        let ref = LinalgReference.square(name)
        let a = ref.matrix("spd")
        let chol = try Cholesky(a)
        let l = chol.l
        expectClose(l.matmul(l.transposed), a, atol: Tolerance.backward(a), "\(ref.name): L·Lᵀ = A to backward error")
        let n = a.rows
        let kappa = ref.double("spd_cond")
        let relative = Tolerance.conditioned(n: n, condition: kappa)
        expectClose(l, ref.matrix("cholesky"), rtol: relative, atol: relative * Swift.max(1, l.norm(.infinity)),
                    "\(ref.name): the unique Cholesky factor moves by ≲ n·κ·ε under a backward error ε‖A‖")
        expectClose(chol.logDeterminant, ref.double("spd_logdet"), atol: relative, "\(ref.name): δlog det ≤ n·κ·ε")
        for i in 0..<n { #expect(l[i, i] > 0); for j in (i + 1)..<Swift.max(i + 1, n) { #expect(l[i, j] == 0) } }
        // Solve against LU on the same system: both stable, so they agree to κ·ε.
        let b = ref.matrix("b")
        if n > 0 {
            let x = chol.solve(b)
            expectClose(a.matmul(x), b, atol: Tolerance.backward(a) * Swift.max(1, x.norm(.infinity)),
                        "\(ref.name): residual of a backward-stable solve")
        }
    }

    @Test func choleskyReportsTheFailingMinor() {
        // Leading minors: 1, then 1·1 − 2·2 = −3 < 0 → order 2.
        #expect(throws: LinearAlgebraError.notPositiveDefinite(operation: "Cholesky", minor: 2)) {
            try Cholesky([[1, 2, 0], [2, 1, 0], [0, 0, 1]])
        }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(operation: "Cholesky", minor: 1)) {
            try Cholesky([[-1]])
        }
        let message = "\(LinearAlgebraError.notPositiveDefinite(operation: "Cholesky", minor: 2))"
        #expect(message.contains("order 2"))
    }

    // MARK: QR

    @Test(arguments: LinalgReference.rectangularNames)
    func qrIsOrthogonalTimesTriangular(_ name: String) throws {
        let ref = LinalgReference.rectangular(name)
        let a = ref.matrix("a")
        let qr = try QR(a)
        let (m, n) = (a.shape[0], a.shape[1])
        let k = Swift.min(m, n)
        #expect(qr.q.shape == [m, k] && qr.r.shape == [k, n])
        expectClose(qr.q.matmul(qr.r), a, atol: Tolerance.backward(a), "\(ref.name): Q·R = A to backward error")
        expectClose(qr.q.gram, Tensor.identity(k), atol: 50 * Double(Swift.max(m, 1)) * Tolerance.eps,
                    "\(ref.name): QᵀQ = I to m·ε (Householder)")
        for i in 0..<k { for j in 0..<Swift.min(i, n) { #expect(qr.r[i, j] == 0) } }
        // Same Householder algorithm as NumPy: equal up to the sign of each (column of Q, row of R) pair.
        let (q0, r0) = (ref.matrix("q"), ref.matrix("r"))
        var q = qr.q, r = qr.r
        for i in 0..<k where (r[i, i] < 0) != (r0[i, i] < 0) {
            for row in 0..<m { q[row, i] = -q[row, i] }
            for column in 0..<n { r[i, column] = -r[i, column] }
        }
        if ref.name.hasPrefix("random") {   // full rank: Q and R are unique up to those signs
            expectClose(q, q0, atol: 1e-11, "\(ref.name): well-conditioned random matrix, QR unique up to signs")
            expectClose(r, r0, atol: 1e-11 * Swift.max(1, a.norm(.frobenius)), "\(ref.name): as Q")
        }
    }

    // MARK: Symmetric eigenproblem

    @Test(arguments: LinalgReference.squareNames)
    func symmetricEigenMatchesNumPy(_ name: String) throws {
        let ref = LinalgReference.square(name)
        let a = ref.matrix("sym")
        let eig = try SymmetricEigen(a)
        let (values, v) = (eig.eigenvalues, eig.eigenvectors)
        let n = a.rows
        expectClose(values, ref.matrix("eigh_values"), atol: Tolerance.backward(a),
                    "\(ref.name): symmetric eigenvalues are perfectly conditioned (Weyl): error ≤ backward error")
        #expect(zip(values.scalars, values.scalars.dropFirst()).allSatisfy { $0 <= $1 }, "ascending")
        expectClose(a.matmul(v), v * values.asRow, atol: Tolerance.backward(a), "\(ref.name): A·V = V·Λ")
        expectClose(v.gram, Tensor.identity(n), atol: 50 * Double(Swift.max(n, 1)) * Tolerance.eps, "\(ref.name): VᵀV = I")
        // Our sign convention: each column's largest-magnitude entry is positive.
        for j in 0..<n {
            let column = v.column(j).scalars
            let largest = column.max { Swift.abs($0) < Swift.abs($1) }!
            #expect(largest > 0)
        }
        // Vectors of well-separated eigenvalues are unique up to sign: compare |vᵢ·wᵢ| = 1.
        let reference = ref.matrix("eigh_vectors")
        let scale = Swift.max(a.norm(.frobenius), 1)
        for j in 0..<n {
            let gap = (0..<n).filter { $0 != j }.map { Swift.abs(values[$0] - values[j]) }.min() ?? .infinity
            guard gap > 1e-6 * scale else { continue }
            let cosine = Swift.abs(dot(v.column(j), reference.column(j)))
            expectClose(cosine, 1, atol: 1e-9 * scale / gap,
                        "\(ref.name): eigenvector angle error ≲ ε‖A‖/gap (Davis–Kahan)")
        }
    }

    // MARK: General eigenproblem

    @Test(arguments: LinalgReference.squareNames)
    func eigenMatchesNumPy(_ name: String) throws {
        let ref = LinalgReference.square(name)
        let a = ref.matrix("a")
        let eig = try Eigen(a)
        let n = a.rows
        #expect(eig.eigenvalues.count == n && eig.eigenvectors.count == n)
        let re = eig.eigenvalues.map(\.real), im = eig.eigenvalues.map(\.imaginary)
        // Non-normal matrices have eigenvalue condition numbers > 1; for the rank-deficient one the
        // zero eigenvalue is double and perturbs like √ε.
        let tolerance = ref.name == "rankDeficient4" ? 1e-7 : 1e-10 * Swift.max(1, a.norm(.frobenius))
        expectClose(re, ref.doubles("eig_re"), atol: tolerance, "\(ref.name): same dgeev as NumPy; sorted alike")
        expectClose(im, ref.doubles("eig_im"), atol: tolerance, "\(ref.name): as the real parts")
        for (k, (lambda, vector)) in zip(eig.eigenvalues, eig.eigenvectors).enumerated() {
            var residual = 0.0, norm2 = 0.0
            for i in 0..<n {
                var av = Complex<Double>.zero
                for j in 0..<n { av += Complex(a[i, j], 0) * vector[j] }
                residual = Swift.max(residual, (av - lambda * vector[i]).length)
                norm2 += vector[i].lengthSquared
            }
            expectClose(norm2, 1, atol: 1e-13, "\(ref.name) #\(k): unit 2-norm")
            expectClose(residual, 0, atol: Tolerance.backward(a), "\(ref.name) #\(k): A·v = λ·v to backward error")
            let largest = vector.max { $0.length < $1.length }!
            #expect(largest.imaginary == 0 && largest.real > 0, "\(ref.name) #\(k): largest entry real positive")
        }
    }

    @Test func eigenOfARotationIsAConjugatePair() throws {
        let eig = try Eigen([[0, -1], [1, 0]])
        #expect(eig.eigenvalues == [Complex(0, 1), Complex(0, -1)])
        #expect(!eig.isReal)
        // v = (1, −i)/√2 for +i: A·v = (i, 1)/√2 = i·v.
        let v = eig.eigenvectors[0]
        expectClose([v[0].real, v[0].imaginary, v[1].real, v[1].imaginary], [(0.5).squareRoot(), 0, 0, -(0.5).squareRoot()],
                    atol: 1e-15, "exact up to rounding of 1/√2")
        #expect(eig.eigenvectors[1] == v.map(\.conjugate))
    }

    // MARK: SVD

    @Test(arguments: LinalgReference.rectangularNames)
    func svdMatchesNumPy(_ name: String) throws {
        let ref = LinalgReference.rectangular(name)
        let a = ref.matrix("a")
        let (m, n) = (a.shape[0], a.shape[1])
        let k = Swift.min(m, n)
        let svd = try SVD(a)
        let (u, s, vt) = (svd.u, svd.singularValues, svd.vt)
        #expect(u.shape == [m, k] && s.shape == [k] && vt.shape == [k, n])
        let scale = Swift.max(a.norm(.frobenius), 1)
        expectClose(s, ref.matrix("s"), atol: Tolerance.backward(a), "\(ref.name): singular values are perfectly conditioned")
        #expect(zip(s.scalars, s.scalars.dropFirst()).allSatisfy { $0 >= $1 } && s.scalars.allSatisfy { $0 >= 0 })
        expectClose((u * s.asRow).matmul(vt), a, atol: Tolerance.backward(a), "\(ref.name): U·Σ·Vᵀ = A relative to ‖A‖")
        expectClose(u.gram, Tensor.identity(k), atol: 1e-13, "\(ref.name): UᵀU = I")
        expectClose(vt.matmul(vt.transposed), Tensor.identity(k), atol: 1e-13, "\(ref.name): Vᵀ V = I")
        // Singular vectors of well-separated nonzero singular values agree with NumPy up to a joint sign.
        let (u0, vt0) = (ref.matrix("u"), ref.matrix("vt"))
        // Wedin: sin∠(computed, exact) ≤ ‖E‖/gap, with both LAPACK's and NumPy's backward error
        // ‖E‖ ≤ c·max(m, n)·ε‖A‖; c = 100 covers both sides' constants.
        let vectorTolerance = 100 * Double(Swift.max(m, n)) * Tolerance.eps * scale
        for i in 0..<k {
            let gap = (0..<k).filter { $0 != i }.map { Swift.abs(s[$0] - s[i]) }.min() ?? s[i]
            guard s[i] > 1e-8 * scale && gap > 1e-6 * scale else { continue }
            let sign = dot(u.column(i), u0.column(i)) < 0 ? -1.0 : 1.0
            expectClose(u.column(i) * sign, u0.column(i), atol: vectorTolerance / gap, "\(ref.name): 100·max(m,n)·ε‖A‖/gap (Wedin)")
            expectClose(vt.row(i) * sign, vt0.row(i), atol: vectorTolerance / gap, "\(ref.name): 100·max(m,n)·ε‖A‖/gap (Wedin)")
        }
        // Full form: square orthogonal factors with the same singular values.
        let full = try SVD(a, full: true)
        #expect(full.u.shape == [m, m] && full.vt.shape == [n, n])
        expectClose(full.u.gram, Tensor.identity(m), atol: 1e-13, "\(ref.name): full U orthogonal")
        expectClose(full.vt.gram, Tensor.identity(n), atol: 1e-13, "\(ref.name): full Vᵀ orthogonal")
        expectClose(full.singularValues, s, atol: Tolerance.backward(a), "\(ref.name): same σ either way")
        let sigma = Tensor(rows: m, columns: n) { i, j in i == j ? s[i] : 0 }
        expectClose(full.u.matmul(sigma).matmul(full.vt), a, atol: Tolerance.backward(a), "\(ref.name): full U·Σ·Vᵀ = A")
    }

    // MARK: Edge cases by name

    @Test func emptyMatricesDecompose() throws {
        let empty = Tensor.zeros([0, 0])
        let lu = try LU(empty)
        #expect(lu.determinant == 1 && lu.l.shape == [0, 0] && lu.permutation == [])
        #expect(lu.solve(Tensor.zeros([0])).shape == [0])
        #expect(lu.inverse().shape == [0, 0])
        #expect(try Cholesky(empty).logDeterminant == 0)
        #expect(try SymmetricEigen(empty).eigenvalues.shape == [0])
        #expect(try Eigen(empty).eigenvalues.isEmpty)
        let svd = try SVD(Tensor.zeros([3, 0]))
        #expect(svd.u.shape == [3, 0] && svd.singularValues.shape == [0] && svd.vt.shape == [0, 0])
        let full = try SVD(Tensor.zeros([2, 0]), full: true)
        #expect(full.u == Tensor.identity(2) && full.vt.shape == [0, 0])
        let qr = try QR(Tensor.zeros([0, 4]))
        #expect(qr.q.shape == [0, 0] && qr.r.shape == [0, 4])
    }

    @Test func oneByOneMatrices() throws {
        let a: Tensor = [[-3]]
        #expect(try LU(a).determinant == -3)
        #expect(try LU(a).inverse() == Tensor([[-1.0 / 3]]))
        #expect(try Cholesky([[4]]).l == Tensor([[2]]))
        #expect(try SymmetricEigen(a).eigenvalues == Tensor([-3]))
        #expect(try SymmetricEigen(a).eigenvectors == Tensor([[1]]))
        #expect(try Eigen(a).eigenvalues == [Complex(-3, 0)])
        let svd = try SVD(a)
        #expect(svd.singularValues == Tensor([3]) && svd.u == Tensor([[1]]) && svd.vt == Tensor([[-1]]))
        let qr = try QR(a)
        #expect(qr.q.matmul(qr.r) == a)
    }

    /// Finite entries whose column norm overflows used to reach dorgqr as NaN reflectors, which
    /// LAPACKE rejects as an illegal argument: a precondition trap. Now a typed error.
    @Test func qrOfOverflowingColumnsThrows() throws {
        for a: Tensor in [[[1e308], [1e308]], [[1, 1e308], [1, 1e308]], [[1e308, 1e308], [1e308, 1e308], [1e308, 1e308]]] {
            do {
                _ = try QR(a)
                Issue.record("QR of \(a) with overflowing column norms did not throw")
            } catch let LinearAlgebraError.overflow(operation, stage) {
                #expect(operation == "QR" && stage.contains("QR factorization"), "\(stage)")
            }
        }
        // Large but representable norms still factor: ‖(1e307, 1e307)‖ = 1.4e307.
        let qr = try QR(Tensor([[1e307], [1e307]]))
        expectClose(matmul(qr.q, qr.r), Tensor([[1e307], [1e307]]), rtol: 1e-15, "Householder QR is backward stable")
    }

    @Test func badInputIsNamed() {
        #expect(throws: LinearAlgebraError.notSquare(operation: "LU", shape: [2, 3])) { try LU(Tensor.zeros([2, 3])) }
        #expect(throws: LinearAlgebraError.notSquare(operation: "Eigen", shape: [3, 2])) { try Eigen(Tensor.zeros([3, 2])) }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "SVD", index: [1, 0], value: .infinity)) {
            try SVD(Tensor([[1, 2], [.infinity, 3]]))
        }
        #expect(throws: LinearAlgebraError.singular(operation: "LU", pivot: 1)) { try LU([[1, 2], [2, 4]]) }
        #expect(throws: LinearAlgebraError.singular(operation: "LU", pivot: 0)) { try LU(Tensor.zeros([3, 3])) }
        do {
            _ = try SymmetricEigen(Tensor([[1, .nan], [0, 1]]))
            Issue.record("NaN accepted")
        } catch {
            #expect("\(error)" == "SymmetricEigen: entry (0, 1) is nan, but all entries must be finite")
        }
    }
}
