import DescentCore

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
    private let offsets: [Int]
    private let indices: [Int32]
    private let values: [Double]
    /// sᵢ·xᵢⱼ for each stored entry (nil without weights).
    private let weightedValues: [Double]?
    private let weights: [Double]?
    private let means: [Double]
    /// Σ_{stored} sᵢxᵢⱼ per column.
    private let weightedColumnSums: [Double]
    private let target: [Double]
    private var u: [Double]
    private var shift = 0.0
    private var residualSum = 0.0
    let columnSquaredNorms: [Double]
    let targetSquaredNorm: Double

    /// - Parameters:
    ///   - columnsOf xt: Xᵀ in CSR form (= X in CSC form).
    ///   - y: the target, centred on its weighted mean when `means` is non-zero.
    ///   - weights: sample weights sᵢ (already rescaled), or nil.
    ///   - means: the weighted column means μ (zeros without an intercept).
    init(columnsOf xt: SparseMatrix, y: [Double], weights: [Double]?, means: [Double]) {
        (featureCount, rows) = (xt.rows, xt.columns)
        offsets = xt.rowOffsets
        indices = xt.columnIndices
        values = xt.values
        self.weights = weights
        self.means = means
        target = y
        let n = rows
        var weighted: [Double]? = nil
        if let weights { weighted = zip(xt.columnIndices, xt.values).map { weights[Int($0)] * $1 } }
        weightedValues = weighted
        var sums = [Double](repeating: 0, count: featureCount)
        var norms = [Double](repeating: 0, count: featureCount)
        let totalWeight = weights.map { $0.reduce(0, +) } ?? Double(n)
        for j in 0..<featureCount {
            var sum = 0.0, squares = 0.0
            for p in offsets[j]..<offsets[j + 1] {
                let s = weights?[Int(indices[p])] ?? 1
                sum += s * values[p]
                squares += s * values[p] * values[p]
            }
            sums[j] = sum
            // Σᵢ sᵢ(xᵢⱼ − μⱼ)² = Σ sᵢxᵢⱼ² − 2μⱼΣ sᵢxᵢⱼ + μⱼ²Σ sᵢ.
            norms[j] = Swift.max(squares - 2 * means[j] * sum + means[j] * means[j] * totalWeight, 0)
        }
        weightedColumnSums = sums
        columnSquaredNorms = norms
        var yy = 0.0
        for i in 0..<n { yy += (weights?[i] ?? 1) * y[i] * y[i] }
        targetSquaredNorm = yy
        u = [Double](repeating: 0, count: n)
    }

    func reset(to w: UnsafeBufferPointer<Double>) {
        let n = rows
        for i in 0..<n { u[i] = (weights?[i] ?? 1) * target[i] }
        shift = 0
        for j in 0..<featureCount where w[j] != 0 {
            scatter(j, -w[j])
            shift += means[j] * w[j]
        }
        var sum = 0.0
        for i in 0..<n { sum += u[i] + (weights?[i] ?? 1) * shift }
        residualSum = sum
    }

    /// u += a·s∘Xⱼ over the stored entries of column j.
    @inline(__always)
    private func scatter(_ j: Int, _ a: Double) {
        let scaled = weightedValues ?? values
        u.withUnsafeMutableBufferPointer { up in
            indices.withUnsafeBufferPointer { ip in
                scaled.withUnsafeBufferPointer { vp in
                    for p in offsets[j]..<offsets[j + 1] { up[Int(ip[p])] += a * vp[p] }
                }
            }
        }
    }

    @inline(__always)
    func correlation(_ j: Int) -> Double {
        var s = 0.0
        u.withUnsafeBufferPointer { up in
            indices.withUnsafeBufferPointer { ip in
                values.withUnsafeBufferPointer { vp in
                    for p in offsets[j]..<offsets[j + 1] { s += vp[p] * up[Int(ip[p])] }
                }
            }
        }
        return s + shift * weightedColumnSums[j] - means[j] * residualSum
    }

    func move(_ j: Int, by delta: Double) {
        scatter(j, -delta)
        shift += delta * means[j]
    }

    func correlations(into out: UnsafeMutableBufferPointer<Double>) {
        for j in 0..<featureCount { out[j] = correlation(j) }
    }

    func residualNormAndTargetProduct(_ w: UnsafeBufferPointer<Double>) -> (normSquared: Double, targetProduct: Double) {
        var norm = 0.0, product = 0.0
        for i in 0..<rows {
            let s = weights?[i] ?? 1
            let r = u[i] + s * shift
            if s != 0 { norm += r * r / s }
            product += r * target[i]
        }
        return (norm, product)
    }
}
