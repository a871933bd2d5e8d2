import DescentCore

/// scikit-learn's sign convention for principal axes (`svd_flip(u, vt, u_based_decision=False)`,
/// used by `PCA` and `IncrementalPCA` since scikit-learn 1.5): each row vᵢ of Vᵀ is multiplied by
/// sᵢ = sign(vᵢⱼ*), j* = argmaxⱼ |vᵢⱼ| (the first on ties), so that its largest-magnitude entry is
/// positive. The decomposition U·Σ·Vᵀ is unchanged when the columns of U get the same signs, and the
/// axes no longer depend on which of ±v the LAPACK routine happened to return.
enum ComponentSigns {
    /// Flips the rows of `vt` (k × d) in place so that each has its largest-magnitude entry positive.
    static func flipRows(_ vt: inout Tensor) {
        let (k, d) = (vt.shape[0], vt.shape[1])
        guard d > 0 else { return }
        vt.scalars.withUnsafeMutableBufferPointer { v in
            for i in 0..<k {
                var best = 0.0, sign = 1.0
                for j in 0..<d where Swift.abs(v[i * d + j]) > best {
                    best = Swift.abs(v[i * d + j])
                    sign = v[i * d + j] < 0 ? -1 : 1
                }
                if sign < 0 { for j in 0..<d { v[i * d + j] = -v[i * d + j] } }
            }
        }
    }
}
