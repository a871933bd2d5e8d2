import DescentCore

extension TestProblem {
    /// Himmelblau's function f(x, y) = (x² + y − 11)² + (x + y² − 7)² from (0, 0); four minima, all with
    /// f = 0: (3, 2), (−2.805118, 3.131312), (−3.779310, −3.283186), (3.584428, −1.848126). From (0, 0)
    /// descent methods usually reach (3, 2), but any of the four is a correct answer; `minimizer` is (3, 2).
    ///
    /// Reference: D. M. Himmelblau, *Applied Nonlinear Programming*, McGraw-Hill, 1972.
    public static var himmelblau: TestProblem {
        func value(_ p: Tensor) -> Double {
            let x = p.scalars[0], y = p.scalars[1]
            let a = x * x + y - 11, b = x + y * y - 7
            return a * a + b * b
        }
        func gradient(_ p: Tensor) -> Tensor {
            let x = p.scalars[0], y = p.scalars[1]
            let a = x * x + y - 11, b = x + y * y - 7
            return Tensor([4 * x * a + 2 * b, 2 * a + 4 * y * b])
        }
        func hessian(_ p: Tensor) -> Tensor {
            let x = p.scalars[0], y = p.scalars[1]
            let b = x + y * y - 7
            let hxy = 4 * x + 4 * y
            return Tensor([[12 * x * x + 4 * y - 42, hxy], [hxy, 2 + 4 * b + 8 * y * y]])
        }
        return TestProblem(name: "himmelblau",
                           objective: Objective(value: value, gradient: gradient, hessian: hessian,
                                                hessianVectorProduct: { x, v in matmul(hessian(x), v) }),
                           start: Tensor([0, 0]), minimizer: Tensor([3, 2]), minimum: 0)
    }
}
