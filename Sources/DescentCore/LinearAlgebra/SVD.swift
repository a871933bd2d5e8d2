import CLAPACK

/// The singular value decomposition A = U·Σ·Vᵀ of an m × n matrix (LAPACK `dgesdd`, divide and conquer).
///
/// With k = min(m, n): the reduced form has U m × k and Vᵀ k × n with orthonormal columns/rows;
/// the full form (`full: true`) has square orthogonal U (m × m) and Vᵀ (n × n). Singular values
/// σ₁ ≥ … ≥ σₖ ≥ 0 are always k of them.
///
/// Sign convention: each pair (uᵢ, vᵢ) is scaled by ±1 so that the entry of largest magnitude of
/// uᵢ (first on ties) is positive; the product uᵢσᵢvᵢᵀ is unchanged. Extra columns of a full U (or
/// rows of a full Vᵀ) beyond k are an arbitrary orthonormal completion.
///
/// - Complexity: O(mn·min(m, n)) flops; about 4mn² + 8n³ for m ≥ n with vectors.
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §8.6; Gu & Eisenstat (1995),
///   "A divide-and-conquer algorithm for the bidiagonal SVD"; LAPACK `dgesdd`.
public struct SVD: Sendable {
    /// U: m × k (reduced) or m × m (full), orthonormal columns.
    public let u: Tensor
    /// σ: the k = min(m, n) singular values, descending, as a vector `[k]`.
    public let singularValues: Tensor
    /// Vᵀ: k × n (reduced) or n × n (full), orthonormal rows.
    public let vt: Tensor

    /// Decomposes any finite matrix (empty ones included).
    ///
    /// - Parameters:
    ///   - a: an m × n matrix.
    ///   - full: square U and Vᵀ instead of the reduced (thin) factors.
    /// - Throws: `.unsupported` for a non-matrix, `.nonFinite` naming the first bad entry,
    ///   `.didNotConverge` when the bidiagonal divide and conquer fails (LAPACK `info` > 0).
    public init(_ a: Tensor, full: Bool = false) throws {
        try self.init(a, full: full, operation: "SVD")
    }

    /// Decomposes, naming `operation` in any error.
    init(_ a: Tensor, full: Bool, operation: String) throws {
        try a.requireFiniteMatrix(operation)
        let (m, n) = (a.shape[0], a.shape[1])
        let k = Swift.min(m, n)
        guard k > 0 else {
            u = full ? Tensor.identity(m) : Tensor.zeros([m, 0])
            singularValues = Tensor.zeros([0])
            vt = full ? Tensor.identity(n) : Tensor.zeros([0, n])
            return
        }
        // The row-major buffer of A is the column-major n × m matrix Aᵀ = V·Σ·Uᵀ. Decompose Aᵀ as
        // U'·Σ·V'ᵀ in column-major: then U = V' and Vᵀ = U'ᵀ, and reading LAPACK's column-major
        // V'ᵀ (k × m) row-major gives exactly U (m × k), its U' (n × k) gives Vᵀ (k × n). No transposes.
        let (uColumns, vtRows) = full ? (m, n) : (k, k)
        var (work, exponent) = SVD.equilibrated(a.scalars)
        var s = [Double](repeating: 0, count: k)
        var uPrime = [Double](repeating: 0, count: n * vtRows)   // U' of Aᵀ: n × vtRows, ld n
        var vtPrime = [Double](repeating: 0, count: uColumns * m) // V'ᵀ of Aᵀ: uColumns × m, ld uColumns
        let info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: full ? "A" : "S")),
                                  LAPACKInt(n), LAPACKInt(m), &work, LAPACKInt(n), &s,
                                  &uPrime, LAPACKInt(n), &vtPrime, LAPACKInt(uColumns))
        checkArguments(info, "dgesdd")
        if info > 0 { throw LinearAlgebraError.didNotConverge(operation: operation, info: Int(info)) }
        // σ(A) = 2^−e·σ(2^e·A) exactly; σ₁ ≤ ‖A‖_F can still exceed the Double range for finite A.
        s = s.map { Double(sign: .plus, exponent: -exponent, significand: $0) }
        try requireNoOverflow(s, operation, stage: "the singular value decomposition")
        try requireNoOverflow(uPrime, operation, stage: "the singular value decomposition")
        try requireNoOverflow(vtPrime, operation, stage: "the singular value decomposition")
        var uMatrix = Tensor(shape: [m, uColumns], scalars: vtPrime)
        var vtMatrix = Tensor(shape: [vtRows, n], scalars: uPrime)
        SVD.normalizeSigns(&uMatrix, &vtMatrix, k: k)
        u = uMatrix
        singularValues = Tensor(s)
        vt = vtMatrix
    }

    /// The singular values alone, descending (LAPACK `dgesdd` with `jobz = 'N'`: no vectors, so
    /// several times cheaper than the full decomposition).
    ///
    /// - Throws: as `init`, naming `operation`.
    static func singularValues(of a: Tensor, operation: String) throws -> Tensor {
        let (s, exponent) = try scaledSingularValues(of: a, operation: operation)
        let values = s.map { Double(sign: .plus, exponent: -exponent, significand: $0) }
        try requireNoOverflow(values, operation, stage: "the singular value computation")
        return Tensor(values)
    }

    /// The singular values of 2^e·A, descending, and e: σ(A) = 2^−e·σ(2^e·A). The power of two
    /// brings A's largest entry into [0.5, 1), so LAPACK never sees entries near the ends of the
    /// Double range, and ratios of singular values (rank, condition number) never overflow even
    /// when σ(A) itself would.
    static func scaledSingularValues(of a: Tensor, operation: String) throws -> (values: [Double], exponent: Int) {
        try a.requireFiniteMatrix(operation)
        let (m, n) = (a.shape[0], a.shape[1])
        let k = Swift.min(m, n)
        guard k > 0 else { return ([], 0) }
        var (work, exponent) = equilibrated(a.scalars)
        var s = [Double](repeating: 0, count: k)
        var unusedU = [Double](repeating: 0, count: 1), unusedVt = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), LAPACKInt(n), LAPACKInt(m),
                                  &work, LAPACKInt(n), &s, &unusedU, 1, &unusedVt, 1)
        checkArguments(info, "dgesdd")
        if info > 0 { throw LinearAlgebraError.didNotConverge(operation: operation, info: Int(info)) }
        return (s, exponent)
    }

    /// `values`·2^e with e chosen so that the largest magnitude lands in [0.5, 1) (e = 0 for zeros).
    /// Multiplying by a power of two is exact, except for entries below ε·max that may lose bits,
    /// which is within the SVD's own backward error.
    static func equilibrated(_ values: [Double]) -> (scaled: [Double], exponent: Int) {
        let largest = values.reduce(0) { Swift.max($0, Swift.abs($1)) }
        guard largest > 0, largest.isFinite else { return (values, 0) }
        let exponent = -Int(largest.exponent) - 1
        guard exponent != 0 else { return (values, 0) }
        // x·2^e as `Double(sign:exponent:significand:)` computes it (scalbn): exact over the whole range.
        return (values.map { Double(sign: .plus, exponent: exponent, significand: $0) }, exponent)
    }

    /// Flips (uᵢ, vᵢ) together so that uᵢ's largest-magnitude entry is positive, for i < k.
    static func normalizeSigns(_ u: inout Tensor, _ vt: inout Tensor, k: Int) {
        let (m, uColumns, n) = (u.shape[0], u.shape[1], vt.shape[1])
        var column = [Double](repeating: 0, count: m)
        for i in 0..<k {
            for r in 0..<m { column[r] = u.scalars[r * uColumns + i] }
            let sign = column.withUnsafeBufferPointer(Tensor.largestEntrySign)
            guard sign < 0 else { continue }
            for r in 0..<m { u.scalars[r * uColumns + i] = -u.scalars[r * uColumns + i] }
            for c in 0..<n { vt.scalars[i * n + c] = -vt.scalars[i * n + c] }
        }
    }
}
