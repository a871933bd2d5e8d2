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
        for j in 0..<d { norms[j] = VectorKernels.dot(columns + j * n, columns + j * n, n) }
        columnSquaredNorms = norms
        targetSquaredNorm = VectorKernels.dot(target, target, n)
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
        for j in 0..<featureCount where w[j] != 0 { VectorKernels.axpy(-w[j], columns + j * rows, residual, rows) }
    }

    @inline(__always)
    func correlation(_ j: Int) -> Double { VectorKernels.dot(columns + j * rows, residual, rows) }

    @inline(__always)
    func move(_ j: Int, by delta: Double) { VectorKernels.axpy(-delta, columns + j * rows, residual, rows) }

    func correlations(into out: UnsafeMutableBufferPointer<Double>) {
        for j in 0..<featureCount { out[j] = VectorKernels.dot(columns + j * rows, residual, rows) }
    }

    func residualNormAndTargetProduct(_ w: UnsafeBufferPointer<Double>) -> (normSquared: Double, targetProduct: Double) {
        (VectorKernels.dot(residual, residual, rows), VectorKernels.dot(residual, target, rows))
    }

    /// Predictions Xw of the stored (centred) columns, for scoring.
    func product(_ w: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        out.withUnsafeMutableBufferPointer { o in
            for j in 0..<featureCount where w[j] != 0 { VectorKernels.axpy(w[j], columns + j * rows, o.baseAddress!, rows) }
        }
        return out
    }
}
