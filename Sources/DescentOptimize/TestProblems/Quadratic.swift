import DescentCore
import Foundation

/// The quadratic f(x) = ½xᵀAx − bᵀx with symmetric A: ∇f = Ax − b, ∇²f = A, HVP v ↦ Av.
///
/// For positive definite A the minimizer solves Ax* = b and f* = −½bᵀx*; gradient descent with a fixed
/// step η converges iff η < 2/λmax(A), at rate governed by κ = λmax/λmin.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2006, §3.3 (steepest descent on quadratics).
public struct Quadratic {
    /// The symmetric matrix A.
    public var matrix: Tensor
    /// The vector b.
    public var linear: Tensor
    /// The eigenvalues of A (ascending) when known from the construction.
    public var eigenvalues: [Double]?
    /// The minimizer A⁻¹b when known from the construction.
    public var minimizer: Tensor?

    /// ½xᵀAx − bᵀx for a given symmetric A and b.
    public init(matrix: Tensor, linear: Tensor) {
        precondition(matrix.rank == 2 && matrix.isSquare && linear.shape == [matrix.rows],
                     "Quadratic: need an n × n matrix and a length-n vector, got \(matrix.shape) and \(linear.shape)")
        self.matrix = matrix
        self.linear = linear
        self.eigenvalues = nil
        self.minimizer = nil
    }

    /// A random quadratic with prescribed spectrum: A = Q diag(λ) Qᵀ with Q orthogonal (modified
    /// Gram–Schmidt of a seeded Gaussian matrix, columns in order), λᵢ = κ^{i/(n−1)} log-spaced from 1
    /// to κ, and b seeded N(0, 1) (drawn after the matrix from the same generator). Then
    /// x* = Q diag(1/λ) Qᵀ b exactly up to rounding.
    public static func random(dimension n: Int, conditionNumber kappa: Double, seed: UInt64) -> Quadratic {
        precondition(n >= 1 && kappa >= 1, "Quadratic.random: need n ≥ 1 and κ ≥ 1, got \(n) and \(kappa)")
        var generator = SeededGenerator(seed: seed)
        let gaussian = Tensor.randomNormal([n, n], using: &generator)
        let b = Tensor.randomNormal([n], using: &generator)
        // Modified Gram–Schmidt on the columns: stable enough for a well-conditioned Gaussian matrix.
        var q = gaussian.transposed   // rows of q are the columns being orthonormalized
        for j in 0..<n {
            var v = q.row(j)
            for i in 0..<j { v.addScaled(q.row(i), by: -dot(q.row(i), v)) }
            q.setRow(j, to: v / v.norm(.two))
        }
        let basis = q.transposed      // columns orthonormal
        let lambdas = (0..<n).map { n == 1 ? 1 : Foundation.pow(kappa, Double($0) / Double(n - 1)) }
        let scaled = Tensor(rows: n, columns: n) { i, j in basis[i, j] * lambdas[j] }
        var a = matmul(scaled, basis, transposeB: true)
        a = (a + a.transposed) * 0.5   // exact symmetry despite rounding
        let coordinates = matmul(basis, b, transposeA: true)
        let solution = matmul(basis, Tensor(shape: [n]) { coordinates.scalars[$0] / lambdas[$0] })
        var quadratic = Quadratic(matrix: a, linear: b)
        quadratic.eigenvalues = lambdas
        quadratic.minimizer = solution
        return quadratic
    }

    /// f(x) = ½xᵀAx − bᵀx.
    public func value(_ x: Tensor) -> Double { 0.5 * dot(x, matmul(matrix, x)) - dot(linear, x) }

    /// The objective with exact gradient Ax − b, Hessian A and HVP Av.
    public var objective: Objective {
        let a = matrix, b = linear
        return Objective(valueAndGradient: { x in
            let ax = matmul(a, x)
            return (0.5 * dot(x, ax) - dot(b, x), ax - b)
        }, value: { x in 0.5 * dot(x, matmul(a, x)) - dot(b, x) }, gradient: { x in matmul(a, x) - b },
           hessian: { _ in a }, hessianVectorProduct: { _, v in matmul(a, v) })
    }
}

extension TestProblem {
    /// ½xᵀAx − bᵀx with κ(A) = `conditionNumber` in `dimension` variables (see `Quadratic.random`),
    /// from x₀ = 0.
    public static func quadratic(dimension: Int, conditionNumber: Double, seed: UInt64 = 42) -> TestProblem {
        let q = Quadratic.random(dimension: dimension, conditionNumber: conditionNumber, seed: seed)
        return TestProblem(name: "quadratic-n\(dimension)-k\(Int(conditionNumber))", objective: q.objective,
                           start: .zeros([dimension]), minimizer: q.minimizer,
                           minimum: -0.5 * dot(q.linear, q.minimizer!))
    }
}
