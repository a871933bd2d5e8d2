import DescentCore

/// The Householder QR factorization with column pivoting J·P = Q·R of an m × n Jacobian, kept in
/// MINPACK's compact form so that Levenberg–Marquardt and Gauss–Newton can reuse it for every trial
/// step at one point.
///
/// At step j the remaining column of largest norm is moved to position j (ties: the first), so
/// |R₀₀| ≥ |R₁₁| ≥ …; the partial column norms are downdated, ‖a‖ ← ‖a‖·√(1 − (aⱼₖ/‖a‖)²), and
/// recomputed when cancellation has eaten half the digits (0.05·(‖a‖/‖a‖_last)² ≤ ε). The
/// reflectors are stored below the diagonal with vⱼⱼ = 1 + |aⱼⱼ|/‖aⱼ‖ as in MINPACK's `qrfac`, which
/// keeps the trial steps of `LevenbergMarquardt` on MINPACK's path (same pivots, same rounding
/// order). Column-major storage; cost 2mn² − ⅔n³ flops.
///
/// Reference: J. J. Moré, B. S. Garbow and K. E. Hillstrom, *User Guide for MINPACK-1*, ANL-80-74,
/// 1980 (`qrfac`); G. H. Golub and C. F. Van Loan, *Matrix Computations*, 4th ed., 2013, §5.4.1.
struct PivotedQR {
    let rows: Int
    let columns: Int
    /// Column-major m × n: R strictly above the diagonal, the reflectors on and below it.
    private(set) var storage: [Double]
    /// R's diagonal.
    private(set) var rDiagonal: [Double]
    /// Column j of J·P is column `permutation[j]` of J.
    private(set) var permutation: [Int]
    /// ‖J column k‖₂ for every original column k (before any elimination).
    private(set) var columnNorms: [Double]

    /// Factors an m × n row-major matrix (m ≥ n or not: min(m, n) reflectors).
    init(_ jacobian: Tensor) {
        precondition(jacobian.rank == 2, "PivotedQR: expected a matrix, got shape \(jacobian.shape)")
        let m = jacobian.shape[0], n = jacobian.shape[1]
        rows = m
        columns = n
        var a = jacobian.transposed.scalars  // Jᵀ row-major is J column-major
        var norms = [Double](repeating: 0, count: n)
        for k in 0..<n { norms[k] = columnNorm(a, column: k, from: 0, rows: m) }
        columnNorms = norms
        var partial = norms, lastRecomputed = norms
        var perm = Array(0..<n)
        var diagonal = [Double](repeating: 0, count: n)
        for j in 0..<Swift.min(m, n) {
            var pivot = j
            for k in j..<n where partial[k] > partial[pivot] { pivot = k }
            if pivot != j {
                for i in 0..<m { a.swapAt(i + j * m, i + pivot * m) }
                partial[pivot] = partial[j]
                lastRecomputed[pivot] = lastRecomputed[j]
                perm.swapAt(j, pivot)
            }
            var ajnorm = columnNorm(a, column: j, from: j, rows: m)
            if ajnorm != 0 {
                if a[j + j * m] < 0 { ajnorm = -ajnorm }
                for i in j..<m { a[i + j * m] /= ajnorm }
                a[j + j * m] += 1
                for k in (j + 1)..<Swift.max(j + 1, n) {
                    var sum = 0.0
                    for i in j..<m { sum += a[i + j * m] * a[i + k * m] }
                    let t = sum / a[j + j * m]
                    for i in j..<m { a[i + k * m] -= t * a[i + j * m] }
                    if partial[k] != 0 {
                        let ratio = a[j + k * m] / partial[k]
                        partial[k] *= Swift.max(0, 1 - ratio * ratio).squareRoot()
                        let kept = partial[k] / lastRecomputed[k]
                        if 0.05 * kept * kept <= Double.ulpOfOne {
                            partial[k] = columnNorm(a, column: k, from: j + 1, rows: m)
                            lastRecomputed[k] = partial[k]
                        }
                    }
                }
            }
            diagonal[j] = -ajnorm
        }
        storage = a
        rDiagonal = diagonal
        permutation = perm
    }

    /// Rᵢⱼ for i ≤ j, with R padded by zero rows to n × n when m < n.
    @inline(__always) func r(_ i: Int, _ j: Int) -> Double {
        i == j ? rDiagonal[j] : (i < rows ? storage[i + j * rows] : 0)
    }

    /// The first n entries of Qᵀb (zero-padded when m < n), for an m-vector b.
    func qTransposeTimes(_ b: [Double]) -> [Double] {
        precondition(b.count == rows, "PivotedQR: vector of \(b.count) entries for \(rows) rows")
        var w = b
        let m = rows
        for j in 0..<Swift.min(m, columns) where storage[j + j * m] != 0 {
            var sum = 0.0
            for i in j..<m { sum += storage[i + j * m] * w[i] }
            let t = -sum / storage[j + j * m]
            for i in j..<m { w[i] += t * storage[i + j * m] }
        }
        var head = [Double](repeating: 0, count: columns)
        for j in 0..<Swift.min(m, columns) { head[j] = w[j] }
        return head
    }

    /// The numerical rank: the number of leading |Rⱼⱼ| > tolerance·|R₀₀| (pivoting sorts them).
    func rank(relativeTolerance: Double) -> Int {
        let k = Swift.min(rows, columns)
        guard k > 0, rDiagonal[0] != 0 else { return 0 }
        let cutoff = relativeTolerance * Swift.abs(rDiagonal[0])
        var rank = 0
        while rank < k && Swift.abs(rDiagonal[rank]) > cutoff { rank += 1 }
        return rank
    }

    /// The basic least-squares solution of J·x ≈ b using the leading `rank` columns of J·P
    /// (the others' entries are zero): x = P·[R₁₁⁻¹(Qᵀb)₁; 0].
    func basicSolution(qtb: [Double], rank: Int) -> [Double] {
        var z = [Double](repeating: 0, count: columns)
        for j in stride(from: rank - 1, through: 0, by: -1) {
            var s = qtb[j]
            for i in (j + 1)..<Swift.max(j + 1, rank) { s -= r(j, i) * z[i] }
            z[j] = s / rDiagonal[j]
        }
        var x = [Double](repeating: 0, count: columns)
        for j in 0..<columns { x[permutation[j]] = z[j] }
        return x
    }
}

/// ‖a[from..<rows, column]‖₂ of a column-major matrix, scaled against overflow and underflow.
func columnNorm(_ a: [Double], column k: Int, from start: Int, rows m: Int) -> Double {
    var scale = 0.0
    for i in start..<m { scale = Swift.max(scale, Swift.abs(a[i + k * m])) }
    guard scale > 0, scale.isFinite else { return scale }
    var sum = 0.0
    for i in start..<m { let t = a[i + k * m] / scale; sum += t * t }
    return scale * sum.squareRoot()
}

/// ‖v‖₂ of a plain array, scaled against overflow and underflow (MINPACK's `enorm` in spirit).
func euclideanNorm(_ v: [Double]) -> Double {
    var scale = 0.0
    for x in v { scale = Swift.max(scale, Swift.abs(x)) }
    guard scale > 0, scale.isFinite else { return scale.isNaN || v.contains(where: \.isNaN) ? .nan : scale }
    var sum = 0.0
    for x in v { let t = x / scale; sum += t * t }
    return scale * sum.squareRoot()
}
