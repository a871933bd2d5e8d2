import DescentCore

extension TestProblem {
    /// Rosenbrock's banana f(x, y) = 100(y − x²)² + (1 − x)² from (−1.2, 1); minimum 0 at (1, 1), where
    /// ∇²f = [[802, −400], [−400, 200]] (eigenvalues ≈ 1001.6 and 0.3994, κ ≈ 2508).
    ///
    /// Reference: H. H. Rosenbrock, "An automatic method for finding the greatest or least value of a
    /// function", Computer J. 3(3), 1960.
    public static var rosenbrock: TestProblem {
        var problem = extendedRosenbrock(dimension: 2)
        problem.name = "rosenbrock"
        return problem
    }

    /// The extended Rosenbrock function in n (even) variables,
    /// f(x) = Σᵢ 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)² over pairs i = 1…n/2, from (−1.2, 1, −1.2, 1, …);
    /// minimum 0 at (1, …, 1). Its Hessian is block diagonal with 2 × 2 blocks
    /// [[1200x₂ᵢ₋₁² − 400x₂ᵢ + 2, −400x₂ᵢ₋₁], [−400x₂ᵢ₋₁, 200]].
    ///
    /// Reference: Moré, Garbow and Hillstrom, ACM TOMS 7(1), 1981, problem 21.
    public static func extendedRosenbrock(dimension n: Int) -> TestProblem {
        precondition(n >= 2 && n % 2 == 0, "extendedRosenbrock: dimension must be even and at least 2, got \(n)")
        func value(_ x: Tensor) -> Double {
            let s = x.scalars
            var f = 0.0
            for i in stride(from: 0, to: n, by: 2) {
                let a = s[i + 1] - s[i] * s[i], b = 1 - s[i]
                f += 100 * a * a + b * b
            }
            return f
        }
        func gradient(_ x: Tensor) -> Tensor {
            let s = x.scalars
            return Tensor(shape: [n], unsafeUninitialized: { g in
                for i in stride(from: 0, to: n, by: 2) {
                    let a = s[i + 1] - s[i] * s[i]
                    g[i] = -400 * s[i] * a - 2 * (1 - s[i])
                    g[i + 1] = 200 * a
                }
            })
        }
        func hessianVectorProduct(_ x: Tensor, _ v: Tensor) -> Tensor {
            let s = x.scalars, w = v.scalars
            return Tensor(shape: [n], unsafeUninitialized: { out in
                for i in stride(from: 0, to: n, by: 2) {
                    let h11 = 1200 * s[i] * s[i] - 400 * s[i + 1] + 2, h12 = -400 * s[i]
                    out[i] = h11 * w[i] + h12 * w[i + 1]
                    out[i + 1] = h12 * w[i] + 200 * w[i + 1]
                }
            })
        }
        func hessian(_ x: Tensor) -> Tensor {
            let s = x.scalars
            var h = Tensor.zeros([n, n])
            for i in stride(from: 0, to: n, by: 2) {
                h[i, i] = 1200 * s[i] * s[i] - 400 * s[i + 1] + 2
                h[i, i + 1] = -400 * s[i]
                h[i + 1, i] = -400 * s[i]
                h[i + 1, i + 1] = 200
            }
            return h
        }
        return TestProblem(name: "extended-rosenbrock-\(n)",
                           objective: Objective(value: value, gradient: gradient, hessian: hessian,
                                                hessianVectorProduct: hessianVectorProduct),
                           start: Tensor(shape: [n]) { $0 % 2 == 0 ? -1.2 : 1 },
                           minimizer: .ones([n]), minimum: 0)
    }
}
