import CLAPACK
import ComplexModule
import RealModule

/// The eigendecomposition A·vₖ = λₖ·vₖ of a general real square matrix (LAPACK `dgeev`).
///
/// Eigenvalues of a real matrix are real or come in complex-conjugate pairs; both are returned as
/// `Complex<Double>` (swift-numerics). Order: descending real part, then descending imaginary
/// part (so a pair a ± bi appears as a + bi, a − bi). Eigenvectors are normalized to unit 2-norm
/// and scaled by a unit complex number so that their entry of largest modulus (the first such on
/// ties) is real and positive; for a defective matrix they are (nearly) parallel.
///
/// For symmetric matrices prefer `SymmetricEigen`: it is faster, exactly real and orthonormal.
///
/// - Complexity: about 25n³ flops (Hessenberg reduction + shifted QR iteration + back-transformation).
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §7.5; LAPACK `dgeev`.
public struct Eigen: Sendable {
    /// The n eigenvalues, sorted by descending real part, then descending imaginary part.
    public let eigenvalues: [Complex<Double>]
    /// `eigenvectors[k]` is the unit right eigenvector (column k of V) for `eigenvalues[k]`.
    public let eigenvectors: [[Complex<Double>]]

    /// Diagonalizes a square matrix.
    ///
    /// - Throws: `.notSquare` naming the shape, `.nonFinite` naming the first bad entry,
    ///   `.didNotConverge` when the QR iteration fails to find all eigenvalues (LAPACK `info` > 0),
    ///   `.overflow` when eigenvalues or eigenvectors of the finite A exceed the Double range.
    public init(_ a: Tensor) throws {
        try a.requireFiniteSquare("Eigen")
        let n = a.shape[0]
        guard n > 0 else {
            eigenvalues = []
            eigenvectors = []
            return
        }
        var work = a.columnMajorScalars
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var vr = [Double](repeating: 0, count: n * n)
        var unusedLeft = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgeev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "V")), LAPACKInt(n),
                                 &work, LAPACKInt(n), &wr, &wi, &unusedLeft, 1, &vr, LAPACKInt(n))
        checkArguments(info, "dgeev")
        if info > 0 { throw LinearAlgebraError.didNotConverge(operation: "Eigen", info: Int(info)) }
        // |λ| ≤ ‖A‖ can exceed the Double range for finite A (dgeev then returns NaN, not ∞).
        try requireNoOverflow(wr + wi, "Eigen", stage: "the eigenvalue computation")
        try requireNoOverflow(vr, "Eigen", stage: "the eigenvector computation")

        var pairs: [(value: Complex<Double>, vector: [Complex<Double>])] = []
        pairs.reserveCapacity(n)
        var j = 0
        while j < n {
            let column = Array(vr[(j * n)..<((j + 1) * n)])
            if wi[j] == 0 {
                pairs.append((Complex(wr[j], 0), Eigen.normalized(column.map { Complex($0, 0) })))
                j += 1
            } else {
                // dgeev stores the pair λ = wr ± i·wi in columns j, j+1 as v = VR[:, j] ± i·VR[:, j+1].
                let imaginary = vr[((j + 1) * n)..<((j + 2) * n)]
                let v = Eigen.normalized(zip(column, imaginary).map { Complex($0, $1) })
                pairs.append((Complex(wr[j], wi[j]), v))
                pairs.append((Complex(wr[j + 1], wi[j + 1]), Eigen.normalized(v.map { $0.conjugate })))
                j += 2
            }
        }
        pairs.sort { lhs, rhs in
            lhs.value.real != rhs.value.real ? lhs.value.real > rhs.value.real : lhs.value.imaginary > rhs.value.imaginary
        }
        eigenvalues = pairs.map(\.value)
        eigenvectors = pairs.map(\.vector)
    }

    /// The eigenvalues alone, in LAPACK's order (LAPACK `dgeev` without vectors).
    ///
    /// - Throws: as `init`, naming `operation`.
    static func eigenvalues(of a: Tensor, operation: String) throws -> [Complex<Double>] {
        try a.requireFiniteSquare(operation)
        let n = a.shape[0]
        guard n > 0 else { return [] }
        var work = a.columnMajorScalars
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var unusedLeft = [Double](repeating: 0, count: 1), unusedRight = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgeev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "N")), LAPACKInt(n),
                                 &work, LAPACKInt(n), &wr, &wi, &unusedLeft, 1, &unusedRight, 1)
        checkArguments(info, "dgeev")
        if info > 0 { throw LinearAlgebraError.didNotConverge(operation: operation, info: Int(info)) }
        try requireNoOverflow(wr + wi, operation, stage: "the eigenvalue computation")
        return zip(wr, wi).map { Complex($0, $1) }
    }

    /// Scales v to unit 2-norm with its largest-modulus entry (first on ties) real and positive.
    static func normalized(_ v: [Complex<Double>]) -> [Complex<Double>] {
        var best = Complex<Double>.zero
        var bestModulus = 0.0
        var sumOfSquares = 0.0
        for z in v {
            let modulus = z.length
            sumOfSquares += modulus * modulus
            if modulus > bestModulus { bestModulus = modulus; best = z }
        }
        guard bestModulus > 0 else { return v }
        // Multiply by conj(best)/|best| / ‖v‖: turns `best` real positive and the norm into 1.
        let scale = best.conjugate.divided(by: bestModulus * sumOfSquares.squareRoot())
        return v.map { $0 * scale }
    }

    /// Whether every eigenvalue is real (imaginary part exactly 0, as dgeev reports real eigenvalues).
    public var isReal: Bool { eigenvalues.allSatisfy { $0.imaginary == 0 } }
}
