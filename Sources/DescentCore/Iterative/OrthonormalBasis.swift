import CLAPACK

/// A growing set of orthonormal vectors q₀, q₁, … of length n, stored contiguously (as the rows of a
/// k × n row-major block, i.e. Qᵀ) so that projections are BLAS-2 products.
///
/// `orthogonalize` uses classical Gram–Schmidt applied twice (CGS2, optionally only when needed): in floating point one
/// reorthogonalization pass makes the result orthogonal to working precision ("twice is enough"),
/// while each pass is a single `dgemv` rather than k dot products.
/// Reference: L. Giraud, J. Langou, M. Rozložník, "The loss of orthogonality in the Gram–Schmidt
/// orthogonalization process", Comput. Math. Appl. 50, 2005; Golub & Van Loan, *Matrix
/// Computations*, 4th ed., §5.2.8.
struct OrthonormalBasis {
    /// Vector length n.
    let length: Int
    /// The vectors, row after row.
    private(set) var storage: [Double] = []
    /// Number of vectors held.
    var count: Int { length == 0 ? 0 : storage.count / length }

    /// An empty basis; `capacity` vectors are reserved up front, so a basis that grows to that size
    /// never reallocates (a doubling reallocation would briefly hold 1.5× to 3× the vectors).
    init(length: Int, capacity: Int = 0) {
        self.length = length
        storage.reserveCapacity(length * capacity)
    }

    /// Vector i as a tensor.
    func vector(_ i: Int) -> Tensor {
        Tensor(shape: [length], scalars: Array(storage[(i * length)..<((i + 1) * length)]))
    }

    /// Appends a vector that the caller has made orthonormal to the others.
    mutating func append(_ q: Tensor) {
        precondition(q.count == length, "OrthonormalBasis.append: vector shape \(q.shape), basis length \(length)")
        storage.append(contentsOf: q.scalars)
    }

    /// Appends v/s, for v orthogonal to the others and s = ‖v‖, dividing in place in the storage
    /// (the same quotients as `v / s`, without a temporary vector per Lanczos step).
    mutating func append(_ v: Tensor, dividedBy s: Double) {
        precondition(v.count == length, "OrthonormalBasis.append: vector shape \(v.shape), basis length \(length)")
        let start = storage.count
        storage.append(contentsOf: v.scalars)
        storage.withUnsafeMutableBufferPointer { q in
            for i in start..<(start + length) { q[i] /= s }
        }
    }

    /// Removes the components of `v` along the basis vectors `range` (all by default) and returns the
    /// total coefficients Qᵀv, one per basis vector (zero outside the range).
    ///
    /// With `always2` false, the second classical Gram–Schmidt pass runs only when the first
    /// removed a large part of v (‖v‖ fell below ‖v₀‖/√2, the Daniel–Gragg–Kaufman–Stewart
    /// criterion); otherwise v is already orthogonal to working precision and a pass is saved.
    /// Reference: Daniel, Gragg, Kaufman & Stewart, Math. Comp. 30, 1976.
    /// `norm`, when the caller already has ‖v‖, spares the DGKS test computing it again.
    @discardableResult
    func orthogonalize(_ v: inout Tensor, against range: Range<Int>? = nil, always2: Bool = true, norm: Double? = nil) -> [Double] {
        let range = range ?? 0..<count
        var total = [Double](repeating: 0, count: count)
        let k = range.count
        guard k > 0, length > 0 else { return total }
        var coefficients = [Double](repeating: 0, count: k)
        var previousNorm = always2 ? 0 : norm ?? v.fastNorm
        for pass in 0..<2 {
            storage.withUnsafeBufferPointer { storage in
                let q = storage.baseAddress! + range.lowerBound * length
                v.scalars.withUnsafeMutableBufferPointer { x in
                    coefficients.withUnsafeMutableBufferPointer { c in
                        // c = Q·v (Q holds the vectors as rows), then v ← v − Qᵀ·c.
                        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(k), Int32(length), 1.0,
                                    q, Int32(length), x.baseAddress, 1, 0.0, c.baseAddress, 1)
                        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(length), -1.0,
                                    q, Int32(length), c.baseAddress, 1, 1.0, x.baseAddress, 1)
                    }
                }
            }
            for i in 0..<k { total[range.lowerBound + i] += coefficients[i] }
            if pass == 0 && !always2 {
                let newNorm = v.fastNorm
                if newNorm >= previousNorm * 0.5.squareRoot() { break }
                previousNorm = newNorm
            }
        }
        return total
    }

    /// `orthogonalize(_:against:always2:)` for several vectors at once: each classical Gram–Schmidt
    /// pass is two matrix–matrix products (`dgemm`) that read the basis vectors `range` once for all
    /// the vectors, instead of once per vector. A second pass runs for all of them when any one fails
    /// the DGKS test.
    /// - Returns: the coefficients, `range.count` per vector (vector after vector).
    func orthogonalize(_ vectors: inout [Tensor], against range: Range<Int>) -> [Double] {
        let (k, f, n) = (range.count, vectors.count, length)
        var total = [Double](repeating: 0, count: k * f)
        guard k > 0, f > 0, n > 0 else { return total }
        var block = vectors.flatMap(\.scalars)   // f × n, row-major
        var previous = vectors.map(\.fastNorm)
        var coefficients = [Double](repeating: 0, count: f * k)
        for _ in 0..<2 {
            storage.withUnsafeBufferPointer { storage in
                let q = storage.baseAddress! + range.lowerBound * n
                block.withUnsafeMutableBufferPointer { w in
                    coefficients.withUnsafeMutableBufferPointer { c in
                        // C (f × k) = W·Qᵀ, then W ← W − C·Q.
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(f), Int32(k), Int32(n), 1.0,
                                    w.baseAddress, Int32(n), q, Int32(n), 0.0, c.baseAddress, Int32(k))
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(f), Int32(n), Int32(k), -1.0,
                                    c.baseAddress, Int32(k), q, Int32(n), 1.0, w.baseAddress, Int32(n))
                    }
                }
            }
            for index in total.indices { total[index] += coefficients[index] }
            let norms = (0..<f).map { j in
                block.withUnsafeBufferPointer { cblas_dnrm2(Int32(n), $0.baseAddress! + j * n, 1) }
            }
            let accepted = (0..<f).allSatisfy { norms[$0] >= previous[$0] * 0.5.squareRoot() }
            previous = norms
            if accepted { break }
        }
        for j in 0..<f { vectors[j] = Tensor(shape: [n], scalars: Array(block[(j * n)..<((j + 1) * n)])) }
        return total
    }

    /// The coefficients qᵢ·v of v on the vectors `range` (one `dgemv`, one read of those vectors).
    func coefficients(of v: Tensor, against range: Range<Int>) -> [Double] {
        precondition(range.upperBound <= count && v.count == length, "OrthonormalBasis.coefficients: vectors \(range) of \(count), shape \(v.shape)")
        var c = [Double](repeating: 0, count: range.count)
        guard !range.isEmpty, length > 0 else { return c }
        storage.withUnsafeBufferPointer { q in
            cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(range.count), Int32(length), 1.0,
                        q.baseAddress! + range.lowerBound * length, Int32(length), v.scalars, 1, 0.0, &c, 1)
        }
        return c
    }

    /// qᵢ·v.
    func dot(_ i: Int, _ v: Tensor) -> Double {
        precondition(i < count && v.count == length, "OrthonormalBasis.dot: vector \(i) of \(count), shape \(v.shape)")
        return storage.withUnsafeBufferPointer { q in
            v.scalars.withUnsafeBufferPointer { x in
                cblas_ddot(Int32(length), q.baseAddress! + i * length, 1, x.baseAddress, 1)
            }
        }
    }

    /// v ← v − Σᵢ cᵢ·qᵢ over the vectors `range` (c holds one coefficient per vector of the range):
    /// one `dgemv` that reads only those vectors.
    func subtract(_ coefficients: [Double], of range: Range<Int>, from v: inout Tensor) {
        precondition(coefficients.count == range.count && range.upperBound <= count && v.count == length,
                     "OrthonormalBasis.subtract: \(coefficients.count) coefficients for vectors \(range) of \(count)")
        guard !range.isEmpty, length > 0 else { return }
        storage.withUnsafeBufferPointer { q in
            v.scalars.withUnsafeMutableBufferPointer { x in
                cblas_dgemv(CblasRowMajor, CblasTrans, Int32(range.count), Int32(length), -1.0,
                            q.baseAddress! + range.lowerBound * length, Int32(length), coefficients, 1, 1.0, x.baseAddress, 1)
            }
        }
    }

    /// The n × k matrix whose columns are the vectors.
    var matrix: Tensor {
        Tensor(shape: [count, length], scalars: storage).transposed
    }
}

extension OrthonormalBasis {
    /// Drops the last `count` vectors.
    mutating func removeLast(_ count: Int) {
        storage.removeLast(count * length)
    }

    /// Replaces the first `leading` vectors by the `kept` combinations Q_lead·S (S is leading × kept,
    /// row-major, with orthonormal columns, so the result is orthonormal and still orthogonal to
    /// the vectors after them): the thick restart of a Krylov–Schur decomposition.
    mutating func restart(leading: Int, combinations s: [Double], kept: Int) {
        precondition(s.count == leading * kept && leading <= count && kept <= leading,
                     "OrthonormalBasis.restart: \(count) vectors, coefficients \(leading) × \(kept)")
        let n = length
        // In place, a slab of components at a time: out (kept × slab) = Sᵀ · Q_lead[:, slab], written
        // back over the same slab, so the restart needs kept·slab extra doubles, not another basis.
        let slab = Swift.min(Swift.max(n, 1), 4096)
        var out = [Double](repeating: 0, count: kept * slab)
        if kept > 0 && n > 0 && leading > 0 {
            for start in stride(from: 0, to: n, by: slab) {
                let width = Swift.min(slab, n - start)
                storage.withUnsafeMutableBufferPointer { q in
                    s.withUnsafeBufferPointer { c in
                        out.withUnsafeMutableBufferPointer { o in
                            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(kept), Int32(width), Int32(leading),
                                        1.0, c.baseAddress, Int32(kept), q.baseAddress! + start, Int32(n), 0.0, o.baseAddress, Int32(width))
                            for i in 0..<kept {
                                (q.baseAddress! + i * n + start).update(from: o.baseAddress! + i * width, count: width)
                            }
                        }
                    }
                }
            }
        }
        storage.removeSubrange((kept * n)..<(leading * n))
    }

    /// The n × c matrix Q_lead·S of the first `leading` vectors combined by S (leading × c, row-major).
    func combination(leading: Int, _ s: [Double], columns c: Int) -> Tensor {
        precondition(s.count == leading * c && leading <= count, "OrthonormalBasis.combination: \(count) vectors, coefficients \(leading) × \(c)")
        var out = [Double](repeating: 0, count: length * c)
        if c > 0 && length > 0 && leading > 0 {
            storage.withUnsafeBufferPointer { q in
                s.withUnsafeBufferPointer { coefficients in
                    out.withUnsafeMutableBufferPointer { o in
                        // out (n × c) = Q_leadᵀ (n × leading) · S (leading × c).
                        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(length), Int32(c), Int32(leading),
                                    1.0, q.baseAddress, Int32(length), coefficients.baseAddress, Int32(c), 0.0, o.baseAddress, Int32(c))
                    }
                }
            }
        }
        return Tensor(shape: [length, c], scalars: out)
    }
}
