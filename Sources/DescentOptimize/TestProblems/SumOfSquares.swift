import DescentAutodiff
import DescentCore

extension TestProblem {
    /// A test problem f(x) = Σᵢ rᵢ(x)² = ‖r(x)‖² from differentiable residuals r: ℝⁿ → ℝᵐ, with every
    /// derivative by autodiff (`Objective(differentiable:)`: reverse-mode gradient, exact Hessian and
    /// Hessian-vector products).
    ///
    /// `leastSquares` is the same f as ½‖√2·r(x)‖², so Levenberg–Marquardt and Gauss–Newton minimize
    /// exactly this f and report the same minimum value (the Moré–Garbow–Hillstrom convention is
    /// f = Σ rᵢ², without the ½ of `LeastSquaresObjective`).
    ///
    /// - Parameters:
    ///   - name: the problem's identifier.
    ///   - start: the standard starting point x₀.
    ///   - minimum: the global minimum value f*, when known.
    ///   - minimizer: a minimizer x*, when it is unique and known exactly.
    ///   - localMinima: values at other known local minimizers (or minimizers at infinity).
    ///   - residuals: x ↦ r(x) (a vector), written with `Variable` operations.
    public static func sumOfSquares(name: String, start: Tensor, minimum: Double?, minimizer: Tensor? = nil,
                                    localMinima: [Double] = [], residuals: @escaping (Variable) -> Variable) -> TestProblem {
        let scale = 2.0.squareRoot()
        var problem = TestProblem(name: name, objective: Objective(differentiable: { x in residuals(x).squaredNorm() }),
                                  start: start, minimizer: minimizer, minimum: minimum)
        problem.leastSquares = LeastSquaresObjective(differentiableResiduals: { x in residuals(x) * scale })
        problem.localMinima = localMinima
        return problem
    }
}

/// A constant vector inside a residual function (no derivative is recorded for it).
func constantVector(_ values: [Double]) -> Variable { Variable(Tensor(values)) }

/// The numbers (first, first + 1, …), count of them: the paper's index i.
func paperIndices(_ count: Int, from first: Int = 1) -> [Double] { (0..<count).map { Double(first + $0) } }

/// Scalars (rank-0 variables) or vectors joined end to end into one residual vector.
func residualStack(_ parts: [Variable]) -> Variable { Variable.concatenate(parts) }
