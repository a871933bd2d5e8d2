extension Tensor {
    /// ‖x‖₂ as √(xᵀx) from one `ddot`: a single read of x at memory speed, for the Lanczos loops'
    /// several norms per product (the length of the next vector and the Daniel–Gragg–Kaufman–Stewart
    /// tests), where `norm(.two)`'s compensated, overflow-safe sum cost about 8% of the top six of a
    /// 300 × 300 grid Laplacian. √(xᵀx) is accurate to about n·ε relative, far below what those
    /// decisions need. Falls back to `norm(.two)` when xᵀx is not finite or could have underflowed
    /// (entries beyond about 2^±480), and for NaN. x is a vector, as `dot` requires.
    var fastNorm: Double {
        guard count > 0 else { return 0 }
        let s = dot(self, self)
        return s.isFinite && s >= 0x1p-960 ? s.squareRoot() : norm(.two)
    }
}
