import DescentCore

/// The symmetric positive semi-definite matrix B of one batch in output space ([N_b, k] outputs,
/// one k × k block per example) that a Jacobian sandwich Jᵀ·B·J carries into parameter space, with
/// the risk's weight and the loss's normalization folded into `scale`.
enum OutputCurvature {
    /// B = s·I (squared error: ∇²_f ‖f − y‖² = 2I, with s = 2c).
    case scaledIdentity(Double)
    /// B = s·(diag(pₙ) − pₙpₙᵀ) per row n of the softmax probabilities p [N_b, k] (cross-entropy).
    case softmax(probabilities: Tensor, scale: Double)
    /// B = s·Σₘ gₘₙ gₘₙᵀ per row n, for m = 1…M gradient matrices gₘ [N_b, k] (the empirical
    /// Fisher with M = 1 and gₙ = ∇_f ℓₙ at the label; the Monte Carlo Fisher with sampled labels).
    case outerProducts([Tensor], scale: Double)

    /// B·u for u [N_b, k].
    func apply(_ u: Tensor) -> Tensor {
        switch self {
        case let .scaledIdentity(s):
            return u * s
        case let .softmax(p, s):
            let k = u.shape[1]
            return Tensor(shape: u.shape, unsafeUninitialized: { out in
                p.scalars.withUnsafeBufferPointer { p in
                    u.scalars.withUnsafeBufferPointer { u in
                        for row in 0..<(u.count / k) {
                            let base = row * k
                            var pu = 0.0
                            for j in 0..<k { pu += p[base + j] * u[base + j] }
                            for j in 0..<k { out[base + j] = s * p[base + j] * (u[base + j] - pu) }
                        }
                    }
                }
            })
        case let .outerProducts(gradients, s):
            let k = u.shape[1]
            var out = [Double](repeating: 0, count: u.count)
            u.scalars.withUnsafeBufferPointer { u in
                for g in gradients {
                    g.scalars.withUnsafeBufferPointer { g in
                        for row in 0..<(u.count / k) {
                            let base = row * k
                            var gu = 0.0
                            for j in 0..<k { gu += g[base + j] * u[base + j] }
                            for j in 0..<k { out[base + j] += s * g[base + j] * gu }
                        }
                    }
                }
            }
            return Tensor(shape: u.shape, scalars: out)
        }
    }
}
