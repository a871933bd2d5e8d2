import DescentCore

/// Dense columns for coordinate descent: X stored column by column (Fortran order, as scikit-learn
/// requires) so that Xⱼᵀ R and R −= δXⱼ stream one contiguous column, and the residual R = y − Xw.
final class DenseCoordinateData: CoordinateDescentData {
    let rows: Int
    let featureCount: Int
    /// Column j at columns[j·n ..< (j + 1)·n].
    private let columns: UnsafeMutablePointer<Double>
    private let target: UnsafeMutablePointer<Double>
    private let residual: UnsafeMutablePointer<Double>
    let columnSquaredNorms: [Double]
    let targetSquaredNorm: Double

    /// - Parameters:
    ///   - transposed: Xᵀ as a row-major `[d, n]` tensor (each row one column of X), already centred/scaled.
    ///   - y: the centred/scaled target.
    init(transposed xt: Tensor, y: Tensor) {
        (featureCount, rows) = (xt.shape[0], xt.shape[1])
        let (n, d) = (rows, featureCount)
        let columns = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n * d, 1))
        let target = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n, 1))
        residual = .allocate(capacity: Swift.max(n, 1))
        xt.scalars.withUnsafeBufferPointer { columns.initialize(from: $0.baseAddress!, count: n * d) }
        y.scalars.withUnsafeBufferPointer { target.initialize(from: $0.baseAddress!, count: n) }
        residual.initialize(from: target, count: n)
        var norms = [Double](repeating: 0, count: d)
        for j in 0..<d { norms[j] = Kernels.dot(columns + j * n, columns + j * n, n) }
        columnSquaredNorms = norms
        targetSquaredNorm = Kernels.dot(target, target, n)
        self.columns = columns
        self.target = target
    }

    deinit {
        columns.deallocate()
        target.deallocate()
        residual.deallocate()
    }

    func reset(to w: UnsafeBufferPointer<Double>) {
        residual.update(from: target, count: rows)
        for j in 0..<featureCount where w[j] != 0 { Kernels.axpy(-w[j], columns + j * rows, residual, rows) }
    }

    @inline(__always)
    func correlation(_ j: Int) -> Double { Kernels.dot(columns + j * rows, residual, rows) }

    @inline(__always)
    func move(_ j: Int, by delta: Double) { Kernels.axpy(-delta, columns + j * rows, residual, rows) }

    func correlations(into out: UnsafeMutableBufferPointer<Double>) {
        for j in 0..<featureCount { out[j] = Kernels.dot(columns + j * rows, residual, rows) }
    }

    func residualNormAndTargetProduct(_ w: UnsafeBufferPointer<Double>) -> (normSquared: Double, targetProduct: Double) {
        (Kernels.dot(residual, residual, rows), Kernels.dot(residual, target, rows))
    }

    /// Predictions Xw of the stored (centred) columns, for scoring.
    func product(_ w: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        out.withUnsafeMutableBufferPointer { o in
            for j in 0..<featureCount where w[j] != 0 { Kernels.axpy(w[j], columns + j * rows, o.baseAddress!, rows) }
        }
        return out
    }
}

/// The two vector kernels of coordinate descent. Four partial sums break the dependency chain of
/// the additions (the compiler does not reassociate floating-point sums on its own).
enum Kernels {
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += a[i] * b[i]
            s1 += a[i + 1] * b[i + 1]
            s2 += a[i + 2] * b[i + 2]
            s3 += a[i + 3] * b[i + 3]
            i += 4
        }
        while i < n {
            s0 += a[i] * b[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    @inline(__always)
    static func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
        dot(UnsafePointer(a), UnsafePointer(b), n)
    }

    /// y += a·x.
    @inline(__always)
    static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        for i in 0..<n { y[i] += a * x[i] }
    }

    @inline(__always)
    static func axpy(_ a: Double, _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        axpy(a, UnsafePointer(x), y, n)
    }
}
