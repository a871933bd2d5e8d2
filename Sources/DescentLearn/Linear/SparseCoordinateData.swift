import DescentCore
import Foundation

/// Sparse columns (CSC) for coordinate descent with implicit centring: the centred matrix
/// Z = X − 1μᵀ is never formed (it would be dense). With sample weights sᵢ the weighted residual is
/// Rᵢ = sᵢ(yᵢ − zᵢᵀw), stored as Rᵢ = uᵢ + sᵢ·c with uᵢ = sᵢ(yᵢ − xᵢᵀw) and the scalar c = μᵀw, so
/// a coordinate update touches only the stored entries of column j:
/// u −= δ·s∘Xⱼ, c += δμⱼ (scikit-learn's `sparse_enet_coordinate_descent` instead subtracts μⱼδ
/// from all n entries of R whenever it centres). Correlations use
/// ZⱼᵀR = Σ_{stored} xᵢⱼuᵢ + c·Σ_{stored} sᵢxᵢⱼ − μⱼ·ΣR, where ΣR = Σᵢ sᵢ(yᵢ − zᵢᵀw) does not
/// change with w (the weighted column sums of Z are 0), so it is computed once, as scikit-learn does.
final class SparseCoordinateData: CoordinateDescentData {
    let rows: Int
    let featureCount: Int
    // Raw buffers (freed in deinit): a coordinate update is a handful of loads per stored entry,
    // where array accessors' checks would cost as much as the arithmetic.
    private let offsets: UnsafeMutablePointer<Int>
    private let indices: UnsafeMutablePointer<Int32>
    private let values: UnsafeMutablePointer<Double>
    /// sᵢ·xᵢⱼ for each stored entry (the same buffer as `values` without weights).
    private let scaledValues: UnsafeMutablePointer<Double>
    /// sᵢ (all 1 without weights).
    private let weights: UnsafeMutablePointer<Double>
    private let means: UnsafeMutablePointer<Double>
    /// Σ_{stored} sᵢxᵢⱼ per column.
    private let weightedColumnSums: UnsafeMutablePointer<Double>
    private let target: UnsafeMutablePointer<Double>
    private let u: UnsafeMutablePointer<Double>
    private let isWeighted: Bool
    private var shift = 0.0
    private var residualSum = 0.0
    let columnSquaredNorms: [Double]
    let targetSquaredNorm: Double

    /// - Parameters:
    ///   - columnsOf xt: Xᵀ in CSR form (= X in CSC form).
    ///   - y: the target, centred on its weighted mean when `means` is non-zero.
    ///   - weights: sample weights sᵢ (already rescaled), or nil.
    ///   - means: the weighted column means μ (zeros without an intercept).
    init(columnsOf xt: SparseMatrix, y: [Double], weights sampleWeights: [Double]?, means columnMeans: [Double]) {
        let (d, n, nnz) = (xt.rows, xt.columns, xt.nonZeroCount)
        (featureCount, rows) = (d, n)
        func copy<T>(_ array: [T], count: Int) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(count, 1))
            array.withUnsafeBufferPointer { if count > 0 { p.initialize(from: $0.baseAddress!, count: count) } }
            return p
        }
        offsets = copy(xt.rowOffsets, count: d + 1)
        indices = copy(xt.columnIndices, count: nnz)
        values = copy(xt.values, count: nnz)
        isWeighted = sampleWeights != nil
        weights = copy(sampleWeights ?? [Double](repeating: 1, count: n), count: n)
        means = copy(columnMeans, count: d)
        target = copy(y, count: n)
        u = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n, 1))
        u.initialize(repeating: 0, count: n)
        if isWeighted {
            scaledValues = .allocate(capacity: Swift.max(nnz, 1))
            for p in 0..<nnz { scaledValues[p] = weights[Int(indices[p])] * values[p] }
        } else {
            scaledValues = values
        }
        var sums = [Double](repeating: 0, count: d)
        var norms = [Double](repeating: 0, count: d)
        var totalWeight = 0.0
        for i in 0..<n { totalWeight += weights[i] }
        for j in 0..<d {
            var sum = 0.0, squares = 0.0
            for p in offsets[j]..<offsets[j + 1] {
                sum += scaledValues[p]
                squares += scaledValues[p] * values[p]
            }
            sums[j] = sum
            // Σᵢ sᵢ(xᵢⱼ − μⱼ)² = Σ sᵢxᵢⱼ² − 2μⱼΣ sᵢxᵢⱼ + μⱼ²Σ sᵢ.
            let mu = columnMeans[j]
            norms[j] = Swift.max(squares - 2 * mu * sum + mu * mu * totalWeight, 0)
        }
        weightedColumnSums = copy(sums, count: d)
        columnSquaredNorms = norms
        var yy = 0.0
        for i in 0..<n { yy += weights[i] * y[i] * y[i] }
        targetSquaredNorm = yy
    }

    deinit {
        if isWeighted { scaledValues.deallocate() }
        offsets.deallocate()
        indices.deallocate()
        values.deallocate()
        weights.deallocate()
        means.deallocate()
        weightedColumnSums.deallocate()
        target.deallocate()
        u.deallocate()
    }

    func reset(to w: UnsafeBufferPointer<Double>) {
        for i in 0..<rows { u[i] = weights[i] * target[i] }
        shift = 0
        for j in 0..<featureCount where w[j] != 0 {
            scatter(j, -w[j])
            shift += means[j] * w[j]
        }
        var sum = 0.0
        for i in 0..<rows { sum += u[i] + weights[i] * shift }
        residualSum = sum
    }

    /// u += a·s∘Xⱼ over the stored entries of column j.
    @inline(__always)
    private func scatter(_ j: Int, _ a: Double) {
        for p in offsets[j]..<offsets[j + 1] { u[Int(indices[p])] += a * scaledValues[p] }
    }

    @inline(__always)
    func correlation(_ j: Int) -> Double {
        var even = 0.0, odd = 0.0
        var p = offsets[j]
        let end = offsets[j + 1]
        while p + 1 < end {
            even += values[p] * u[Int(indices[p])]
            odd += values[p + 1] * u[Int(indices[p + 1])]
            p += 2
        }
        if p < end { even += values[p] * u[Int(indices[p])] }
        return (even + odd) + shift * weightedColumnSums[j] - means[j] * residualSum
    }

    @inline(__always)
    func move(_ j: Int, by delta: Double) {
        scatter(j, -delta)
        shift += delta * means[j]
    }

    /// Every column's XⱼᵀR, split across cores by columns (each reads the shared residual and writes
    /// only its own entries): a gap check reads all nnz entries, a fifth of a sparse path's time on
    /// one core; a matrix under 2¹⁶ entries stays on the calling thread.
    func correlations(into out: UnsafeMutableBufferPointer<Double>) {
        let d = featureCount
        let parts = offsets[d] >= 1 << 16 ? Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8) : 1
        ParallelLoop.concurrentPerform(iterations: parts) { part in
            for j in (d * part / parts)..<(d * (part + 1) / parts) { out[j] = correlation(j) }
        }
    }

    func residualNormAndTargetProduct(_ w: UnsafeBufferPointer<Double>) -> (normSquared: Double, targetProduct: Double) {
        var norm = 0.0, product = 0.0
        for i in 0..<rows {
            let s = weights[i]
            let r = u[i] + s * shift
            if s != 0 { norm += r * r / s }
            product += r * target[i]
        }
        return (norm, product)
    }
}
