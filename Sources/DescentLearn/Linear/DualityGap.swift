/// The duality gap of the elastic net, scikit-learn's formulations.
enum DualityGap {
    /// P(w) − D(θ) for P = ½‖R‖² + λ₁‖w‖₁ + ½λ₂‖w‖², given XᵀR in `correlations` (turned into
    /// XᵀR − λ₂w in place) and (‖R‖², Rᵀy). Returns the gap and ‖XᵀR − λ₂w‖∞.
    ///
    /// λ₁ > 0 (formulation A): θ = R·c with c = min(1, λ₁/‖XᵀR − λ₂w‖∞),
    /// G = ½(‖R‖² + λ₂‖w‖²)(1 + c²) + λ₁‖w‖₁ − c·Rᵀy.
    /// λ₁ = 0 < λ₂ (formulation B, Dünner et al. 2016): G = ‖R‖² + ½λ₂‖w‖² − Rᵀy + ‖XᵀR‖²/(2λ₂).
    /// λ₁ = λ₂ = 0: the first-order condition ‖XᵀR‖².
    static func elasticNet(w: UnsafeBufferPointer<Double>, l1: Double, l2: Double, correlations xta: inout [Double],
                           residual: (normSquared: Double, targetProduct: Double)) -> (gap: Double, dualNorm: Double) {
        let d = w.count
        let (rNorm2, ry) = residual
        var wNorm2 = 0.0
        if l2 > 0 { for j in 0..<d { wNorm2 += w[j] * w[j] } }
        if l1 == 0 {
            var xtaNorm2 = 0.0
            for j in 0..<d { xtaNorm2 += xta[j] * xta[j] }
            if l2 == 0 { return (xtaNorm2, xtaNorm2) }
            return (rNorm2 + 0.5 * l2 * wNorm2 - ry + xtaNorm2 / (2 * l2), xtaNorm2)
        }
        var dualNorm = 0.0, l1Norm = 0.0
        for j in 0..<d {
            xta[j] -= l2 * w[j]
            dualNorm = Swift.max(dualNorm, Swift.abs(xta[j]))
            l1Norm += Swift.abs(w[j])
        }
        let primal = 0.5 * (rNorm2 + l2 * wNorm2) + l1 * l1Norm
        let scale = dualNorm > l1 ? l1 / dualNorm : 1
        let dual = -0.5 * scale * scale * (rNorm2 + l2 * wNorm2) + scale * ry
        return (primal - dual, dualNorm)
    }
}
