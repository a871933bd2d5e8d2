import CLAPACK
import DescentCore

/// Solves (A + τI) d = b for symmetric A with the smallest shift τ ≥ τ₀ of the sequence
/// τ₀, max(2τ, β), … that makes A + τI positive definite (checked by Cholesky).
///
/// This is Nocedal & Wright's "Cholesky with added multiple of the identity" (Alg. 3.3) used by
/// modified Newton (τ₀ = 0 when min aᵢᵢ > 0, else −min aᵢᵢ + β) and damped Newton (τ₀ = λ).
/// Cost: O(n³/3) per Cholesky attempt, by LAPACK `dpotrf`/`dpotrs`.
///
/// - Returns: the solution d and the shift τ used, or `nil` when A has a non-finite entry or no shift
///   up to 1e100 worked.
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 3.3.
// The dense Cholesky here is private to this helper; switch it to DescentCore's `Cholesky` value
// once the decompositions land, the shifting logic stays.
func shiftedCholeskySolve(_ a: Tensor, _ b: Tensor, initialShift: Double, minimumShift beta: Double = 1e-3) -> (solution: Tensor, shift: Double)? {
    let n = b.count
    precondition(a.shape == [n, n], "shiftedCholeskySolve: matrix shape \(a.shape) does not match right-hand side shape \(b.shape)")
    guard a.isFinite, b.isFinite else { return nil }
    if n == 0 { return (b, initialShift) }
    var tau = initialShift
    while tau < 1e100 {
        var factor = a.scalars
        for i in 0..<n { factor[i * n + i] += tau }
        var x = b.scalars
        let info: Int32 = factor.withUnsafeMutableBufferPointer { f in
            x.withUnsafeMutableBufferPointer { xb in
                let factored = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), f.baseAddress, Int32(n))
                guard factored == 0 else { return factored }
                return LAPACKE_dpotrs(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), 1, f.baseAddress, Int32(n), xb.baseAddress, 1)
            }
        }
        if info == 0 { return (Tensor(shape: b.shape, scalars: x), tau) }
        tau = Swift.max(2 * tau, beta)
    }
    return nil
}

/// N&W Alg. 3.3's first shift: 0 when every diagonal entry is positive, else −min aᵢᵢ + β.
func initialNewtonShift(_ a: Tensor, beta: Double = 1e-3) -> Double {
    let smallest = a.diagonalElements.min()
    return smallest > 0 ? 0 : -smallest + beta
}
