import DescentCore

/// The Gram (covariance) form of coordinate descent: with Q = XᵀX and q = Xᵀy computed once
/// (nd² flops, BLAS), a coordinate update costs O(d) instead of O(n), which pays when n ≫ d.
/// The residual is implicit: XⱼᵀR = qⱼ − (Qw)ⱼ, ‖R‖² = ‖y‖² + wᵀQw − 2qᵀw, Rᵀy = ‖y‖² − qᵀw
/// (scikit-learn's `enet_coordinate_descent_gram`).
final class GramCoordinateData: CoordinateDescentData {
    let featureCount: Int
    private let gram: UnsafeMutablePointer<Double>
    private let xty: UnsafeMutablePointer<Double>
    private let gramTimesW: UnsafeMutablePointer<Double>
    let columnSquaredNorms: [Double]
    let targetSquaredNorm: Double
    static var gapMayRoundNegative: Bool { true }

    /// - Parameters:
    ///   - gram: XᵀX (`[d, d]`, symmetric), X centred/scaled.
    ///   - xty: Xᵀy.
    ///   - targetSquaredNorm: ‖y‖².
    init(gram q: Tensor, xty: Tensor, targetSquaredNorm: Double) {
        let d = xty.count
        featureCount = d
        let gram = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(d * d, 1))
        let products = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(d, 1))
        gramTimesW = .allocate(capacity: Swift.max(d, 1))
        q.scalars.withUnsafeBufferPointer { gram.initialize(from: $0.baseAddress!, count: d * d) }
        xty.scalars.withUnsafeBufferPointer { products.initialize(from: $0.baseAddress!, count: d) }
        self.gram = gram
        self.xty = products
        gramTimesW.initialize(repeating: 0, count: d)
        columnSquaredNorms = (0..<d).map { q.scalars[$0 * d + $0] }
        self.targetSquaredNorm = targetSquaredNorm
    }

    deinit {
        gram.deallocate()
        xty.deallocate()
        gramTimesW.deallocate()
    }

    func reset(to w: UnsafeBufferPointer<Double>) {
        gramTimesW.update(repeating: 0, count: featureCount)
        for j in 0..<featureCount where w[j] != 0 { VectorKernels.axpy(w[j], gram + j * featureCount, gramTimesW, featureCount) }
    }

    @inline(__always)
    func correlation(_ j: Int) -> Double { xty[j] - gramTimesW[j] }

    @inline(__always)
    func move(_ j: Int, by delta: Double) { VectorKernels.axpy(delta, gram + j * featureCount, gramTimesW, featureCount) }

    func correlations(into out: UnsafeMutableBufferPointer<Double>) {
        for j in 0..<featureCount { out[j] = xty[j] - gramTimesW[j] }
    }

    func residualNormAndTargetProduct(_ w: UnsafeBufferPointer<Double>) -> (normSquared: Double, targetProduct: Double) {
        var qw = 0.0, wQw = 0.0
        for j in 0..<featureCount {
            qw += w[j] * xty[j]
            wQw += w[j] * gramTimesW[j]
        }
        return (targetSquaredNorm + wQw - 2 * qw, targetSquaredNorm - qw)
    }
}
