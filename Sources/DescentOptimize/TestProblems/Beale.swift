import DescentCore

extension TestProblem {
    /// Beale's function f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)² from (1, 1);
    /// minimum 0 at (3, 0.5).
    ///
    /// Reference: E. M. L. Beale, "On an iterative method for finding a local minimum of a function of
    /// more than one variable", Tech. Rep. 25, Princeton, 1958; Moré, Garbow and Hillstrom 1981, problem 5.
    public static var beale: TestProblem {
        let c = [1.5, 2.25, 2.625]
        // Residual i is rᵢ = cᵢ − x + x yⁱ⁺¹ with ∂r/∂x = yⁱ⁺¹ − 1, ∂r/∂y = (i+1) x yⁱ.
        func parts(_ p: Tensor) -> (r: [Double], jx: [Double], jy: [Double], hxy: [Double], hyy: [Double]) {
            let x = p.scalars[0], y = p.scalars[1]
            var r = [Double](), jx = [Double](), jy = [Double](), hxy = [Double](), hyy = [Double]()
            for i in 0..<3 {
                let k = Double(i + 1)
                let yk = integerPower(y, i + 1), ykm1 = integerPower(y, i)
                r.append(c[i] - x + x * yk)
                jx.append(yk - 1)
                jy.append(k * x * ykm1)
                hxy.append(k * ykm1)                                   // ∂²r/∂x∂y
                hyy.append(i == 0 ? 0 : k * (k - 1) * x * integerPower(y, i - 1))  // ∂²r/∂y²
            }
            return (r, jx, jy, hxy, hyy)
        }
        func value(_ p: Tensor) -> Double { parts(p).r.reduce(0) { $0 + $1 * $1 } }
        func gradient(_ p: Tensor) -> Tensor {
            let q = parts(p)
            var gx = 0.0, gy = 0.0
            for i in 0..<3 { gx += 2 * q.r[i] * q.jx[i]; gy += 2 * q.r[i] * q.jy[i] }
            return Tensor([gx, gy])
        }
        // ∇²f = 2 Σ (∇rᵢ∇rᵢᵀ + rᵢ∇²rᵢ), with ∂²rᵢ/∂x² = 0.
        func hessian(_ p: Tensor) -> Tensor {
            let q = parts(p)
            var hxx = 0.0, hxy = 0.0, hyy = 0.0
            for i in 0..<3 {
                hxx += 2 * q.jx[i] * q.jx[i]
                hxy += 2 * (q.jx[i] * q.jy[i] + q.r[i] * q.hxy[i])
                hyy += 2 * (q.jy[i] * q.jy[i] + q.r[i] * q.hyy[i])
            }
            return Tensor([[hxx, hxy], [hxy, hyy]])
        }
        return TestProblem(name: "beale",
                           objective: Objective(value: value, gradient: gradient, hessian: hessian,
                                                hessianVectorProduct: { x, v in matmul(hessian(x), v) }),
                           start: Tensor([1, 1]), minimizer: Tensor([3, 0.5]), minimum: 0)
    }
}

/// yⁿ for small non-negative integer n by repeated multiplication (exact for the small powers used here).
@inline(__always) func integerPower(_ y: Double, _ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<n { result *= y }
    return result
}
