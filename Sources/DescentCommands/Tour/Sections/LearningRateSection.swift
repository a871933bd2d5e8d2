// Section 3 of the tour: the largest stable learning rate 2/λmax, confirmed by running gradient descent.
import Descent
import DescentPlot
import Foundation

/// Learning rate and curvature: gradient descent with a fixed step η converges near a minimum when
/// η < 2/λmax and diverges when η > 2/λmax, where λmax is the Hessian's largest eigenvalue.
///
/// Near a minimum x*, f(x) ≈ f* + ½eᵀHe with e = x − x*, and a gradient step maps e to (I − ηH)e.
/// Along the eigenvector of eigenvalue λ the error is multiplied by 1 − ηλ each step, so it shrinks
/// when |1 − ηλ| < 1 for every λ, that is 0 < η < 2/λmax, at the rate ρ = maxᵢ|1 − ηλᵢ|, and grows by
/// |1 − ηλmax| > 1 once η > 2/λmax; f − f* follows ρ² per step. The section runs `GradientDescent`
/// with `FixedStep(η)` at η = 0.95·2/λmax and 1.05·2/λmax on the quadratic f = ½xᵀAx, A = [[3, 2], [2, 6]]
/// (eigenvalues 2 and 7), and on Rosenbrock's function near its minimum (1, 1), where H = [[802, −400],
/// [−400, 200]] and λmax = 501 + √250601 ≈ 1001.6.
///
/// Reference: Nocedal & Wright, *Numerical Optimization*, 2nd ed., §3.3; Y. Nesterov, *Lectures on
/// Convex Optimization*, 2nd ed., 2018, §2.1.5.
public struct LearningRateSection: TourSection {
    public let id = "learning-rate"
    public let title = "Learning rate and curvature"
    public let activity = "running gradient descent just below and just above 2/λmax"

    public init() {}

    /// The step factors tried, as multiples of 2/λmax.
    static let below = 0.95, above = 1.05

    /// f(x, y) = ½(3x² + 4xy + 6y²) = ½xᵀAx with A = [[3, 2], [2, 6]].
    static func quadratic(_ v: Variable) -> Variable {
        let (x, y) = (v[0], v[1])
        return 0.5 * (3 * x * x + 4 * x * y + 6 * y * y)
    }

    /// Rosenbrock's f(x, y) = 100(y − x²)² + (1 − x)².
    static func rosenbrock(_ v: Variable) -> Variable {
        let (x, y) = (v[0], v[1])
        return 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x)
    }

    /// One gradient-descent run with a fixed step.
    struct Run {
        var factor: Double
        var stepSize: Double
        var result: OptimizationResult
        /// f(x_k) − f* per iteration.
        var gaps: [Double]
        /// The measured factor per step of the error, (gap_K / gap_{K−m})^{1/(2m)} over the last m = 20
        /// iterations (f − f* scales with the square of the error).
        var measuredRate: Double {
            let finite = gaps.filter { $0.isFinite && $0 > 0 }
            guard finite.count > 21 else { return .nan }
            return Foundation.pow(finite[finite.count - 1] / finite[finite.count - 21], 1.0 / 40)
        }
    }

    static func run(_ objective: Objective, from start: Tensor, factor: Double, bound: Double, minimum: Double,
                    maxIterations: Int, gradientTolerance: Double) throws -> Run {
        let eta = factor * bound
        let result = try minimize(objective, from: start, using: GradientDescent(lineSearch: FixedStep(eta)),
                                  options: OptimizationOptions(gradientTolerance: gradientTolerance, maxIterations: maxIterations,
                                                               storeTrace: true, traceIncludesX: true))
        return Run(factor: factor, stepSize: eta, result: result, gaps: result.trace.map { $0.value - minimum })
    }

    public func write(to page: inout TourPage, options: TourOptions) throws {
        try quadraticPart(&page, options: options)
        try rosenbrockPart(&page, options: options)
    }

    /// "0.95 · 2/λmax" in words for legends.
    private static func label(_ run: Run) -> String {
        "η = \(TourPage.number(run.factor))·2/λmax = \(TourPage.number(run.stepSize, digits: 4))"
    }

    /// "converged after 12 iterations" / "diverged at iteration 40" from a result.
    private static func outcome(_ result: OptimizationResult) -> String {
        "\(result.termination.name.replacingOccurrences(of: "_", with: " ")) after \(result.iterations) iterations"
    }

    // MARK: - The quadratic

    private func quadraticPart(_ page: inout TourPage, options: TourOptions) throws {
        let origin = Tensor([0, 0])
        let h = hessian(of: Self.quadratic, at: origin)
        let spectrum = try HessianSpectrum(hessian: h)
        let (lambdaMin, lambdaMax) = (spectrum.eigenvalues.scalars[0], spectrum.eigenvalues.scalars[1])
        guard let bound = spectrum.maxStableStep else { throw StepBoundError.noStableStep("the quadratic") }
        let objective = Objective(differentiable: Self.quadratic)
        let start = Tensor([2, 1])
        let runs = try [Self.below, Self.above].map {
            try Self.run(objective, from: start, factor: $0, bound: bound, minimum: 0, maxIterations: 1000, gradientTolerance: 1e-8)
        }
        let predicted = runs.map { r in Swift.max(Swift.abs(1 - r.stepSize * lambdaMin), Swift.abs(1 - r.stepSize * lambdaMax)) }

        page.subheading("A quadratic: the bound is exact")
        page.paragraph("""
            f(x, y) = ½(3x² + 4xy + 6y²) = ½xᵀAx has the constant Hessian computed by automatic differentiation, \
            H = [[\(TourPage.number(h[0, 0])), \(TourPage.number(h[0, 1]))], [\(TourPage.number(h[1, 0])), \(TourPage.number(h[1, 1]))]], \
            with eigenvalues λmin = \(TourPage.number(lambdaMin, digits: 6)) and λmax = \(TourPage.number(lambdaMax, digits: 6)). A gradient \
            step multiplies the error along each eigenvector by 1 − ηλ, so the iteration contracts exactly when \
            η < 2/λmax = \(TourPage.number(bound, digits: 6)), at the rate ρ = max|1 − ηλ| per step. Gradient descent from \
            (\(TourPage.number(start.scalars[0])), \(TourPage.number(start.scalars[1]))) with a fixed step just below and just above the bound:
            """)
        page.table(header: ["step η", "predicted ρ = max|1 − ηλ|", "measured rate (last 20 steps)", "final f", "termination"],
                   rows: zip(runs, predicted).map { r, rho in
                       [.text(Self.label(r)), .number(rho), .number(r.measuredRate), .number(r.result.minimum),
                        .text(Self.outcome(r.result))]
                   })
        let lossChart = LineChart(title: "Gradient descent on ½xᵀAx around η = 2/λmax", xAxis: Axis("iteration"),
                                  yAxis: Axis("f(x) − f* (log scale)", scale: .log10),
                                  series: runs.map { LineChart.Series(name: Self.label($0), values: $0.gaps) })
        page.figure("quadratic-loss", lossChart, caption: """
            f − f* per iteration on a log axis: a straight line whose slope is 2 log ρ. Below the bound it falls by \
            ρ² = \(TourPage.number(predicted[0] * predicted[0], digits: 4)) per step; above it grows by \
            \(TourPage.number(predicted[1] * predicted[1], digits: 4)) per step until the run is declared diverged.
            """)
        // The first iterates over the contours: the zigzag along the top eigenvector shrinks or grows.
        let shown = 16
        let paths = runs.map { r in
            ContourPlot.Path(name: Self.label(r), iterates: Array(r.result.trace.compactMap(\.x).prefix(shown + 1)))
        }
        let window = 4.0
        let contour = ContourPlot(title: "The first \(shown) steps", function: { x, y in 0.5 * (3 * x * x + 4 * x * y + 6 * y * y) },
                                  xRange: -window...window, yRange: -window...window, resolution: options.size(full: 121, quick: 81),
                                  levels: .values([0.25, 1, 2, 4, 8, 16, 32]), paths: paths)
        page.figure("quadratic-paths", contour, caption: """
            The first \(shown) iterates of each run over the contours of f: both zigzag across the valley along the \
            eigenvector of λmax, where 1 − ηλmax is close to −1; below the bound the zigzag shrinks, above it grows.
            """)
        let converged = runs[0].result.isConverged, diverged = runs[1].result.termination == .diverged
        page.check("At η = \(TourPage.number(Self.below))·2/λmax gradient descent converges (\(Self.outcome(runs[0].result)))", converged)
        page.check("At η = \(TourPage.number(Self.above))·2/λmax it diverges (\(Self.outcome(runs[1].result)))", diverged)
        let rateGaps = zip(runs, predicted).map { Swift.abs($0.measuredRate - $1) }
        page.check("""
            The measured rates per step, \(runs.map { TourPage.number($0.measuredRate, digits: 5) }.joined(separator: " and ")), \
            match the predicted \(predicted.map { TourPage.number($0, digits: 5) }.joined(separator: " and ")) to \(TourPage.number(rateGaps.max()!, digits: 2))
            """, rateGaps.allSatisfy { $0 < 1e-3 })
        page.fact("quadratic_lambda_min", lambdaMin)
        page.fact("quadratic_lambda_max", lambdaMax)
        page.fact("quadratic_step_bound", bound)
        page.fact("quadratic_below_converged", converged ? 1 : 0)
        page.fact("quadratic_above_diverged", diverged ? 1 : 0)
        page.fact("quadratic_below_iterations", Double(runs[0].result.iterations))
        page.fact("quadratic_above_iterations", Double(runs[1].result.iterations))
        page.fact("quadratic_below_rate", runs[0].measuredRate)
        page.fact("quadratic_above_rate", runs[1].measuredRate)
        page.fact("quadratic_below_predicted_rate", predicted[0])
        page.fact("quadratic_above_predicted_rate", predicted[1])
    }

    // MARK: - Rosenbrock near its minimum

    private func rosenbrockPart(_ page: inout TourPage, options: TourOptions) throws {
        let minimizer = Tensor([1, 1])
        let h = hessian(of: Self.rosenbrock, at: minimizer)
        let spectrum = try HessianSpectrum(hessian: h)
        let (lambdaMin, lambdaMax) = (spectrum.eigenvalues.scalars[0], spectrum.eigenvalues.scalars[1])
        guard let bound = spectrum.maxStableStep else { throw StepBoundError.noStableStep("Rosenbrock at (1, 1)") }
        // Start 0.01 from the minimum along (v_min + v_max)/√2, so both modes are present and the
        // quadratic model around (1, 1) holds.
        let eigen = try SymmetricEigen(h)
        let (vMin, vMax) = (eigen.eigenvectors.column(0), eigen.eigenvectors.column(1))
        let offset = 0.01
        let start = minimizer + (vMin + vMax) * (offset / 2.0.squareRoot())
        // The slow mode contracts by 1 − ηλmin ≈ 1 − 7.6·10⁻⁴ per step: about 10⁴ steps to ‖∇f‖∞ ≤ 10⁻⁶.
        let iterations = options.size(full: 15_000, quick: 1_500)
        let runs = try [Self.below, Self.above].map {
            try Self.run(TestProblem.rosenbrock.objective, from: start, factor: $0, bound: bound, minimum: 0,
                         maxIterations: iterations, gradientTolerance: 1e-6)
        }
        // The error along v_max: multiplied by 1 − ηλmax ≈ ∓0.9 or ∓1.1 per step while the model holds.
        func topMode(_ run: Run) -> [Double] {
            run.result.trace.compactMap(\.x).map { Swift.abs(dot($0 - minimizer, vMax)) }
        }
        let below = runs[0], above = runs[1]
        let belowTop = topMode(below)
        let f0 = below.gaps[0], belowFinal = below.gaps.last!
        let belowMonotone = zip(below.gaps, below.gaps.dropFirst()).allSatisfy { $1 <= $0 }
        let topShrink = belowTop.count > 60 ? belowTop[60] / belowTop[0] : .nan

        page.subheading("Rosenbrock near its minimum")
        page.paragraph("""
            Rosenbrock's f(x, y) = 100(y − x²)² + (1 − x)² is not quadratic, but near its minimum (1, 1) it is close to \
            its quadratic model there. Automatic differentiation gives H(1, 1) = [[\(TourPage.number(h[0, 0])), \
            \(TourPage.number(h[0, 1]))], [\(TourPage.number(h[1, 0])), \(TourPage.number(h[1, 1]))]] with eigenvalues \
            \(TourPage.number(lambdaMin, digits: 5)) and \(TourPage.number(lambdaMax, digits: 6)), so the bound is \
            2/λmax = \(TourPage.number(bound, digits: 5)) and the condition number κ = \(TourPage.number(spectrum.conditionNumber, digits: 5)). \
            Both runs start \(TourPage.number(offset)) from (1, 1), along the sum of the two eigenvectors, and take at most \
            \(iterations) steps:
            """)
        page.table(header: ["step η", "f at the start", "final f − f*", "termination", "error along v_max after 60 steps"],
                   rows: runs.map { r in
                       let top = topMode(r)
                       return [.text(Self.label(r)), .number(r.gaps[0]), .number(r.gaps.last!), .text(Self.outcome(r.result)),
                               top.count > 60 ? .number(top[60] / top[0]) : .text("(stopped at step \(top.count - 1))")]
                   })
        let chart = LineChart(title: "Gradient descent on Rosenbrock from 0.01 off (1, 1)", xAxis: Axis("iteration"),
                              yAxis: Axis("f(x) − f* (log scale)", scale: .log10),
                              series: runs.map { LineChart.Series(name: Self.label($0), values: $0.gaps) })
        page.figure("rosenbrock-loss", chart, caption: """
            f − f* per iteration on a log axis. Below the bound the stiff direction (λmax) is settled within a few \
            dozen steps and the rest is the slow crawl along the valley (rate 1 − ηλmin per step, κ ≈ \
            \(TourPage.number(spectrum.conditionNumber, digits: 4))); above it the stiff direction grows by \
            |1 − ηλmax| ≈ \(TourPage.number(Swift.abs(1 - above.stepSize * lambdaMax), digits: 3)) per step until f blows up.
            """)
        page.check("""
            At η = \(TourPage.number(Self.below))·2/λmax, f falls at every step, from \(TourPage.number(f0, digits: 3)) to \
            \(TourPage.number(belowFinal, digits: 3)) (\(Self.outcome(below.result)))
            """, belowMonotone && belowFinal < f0 * 0.5 && below.result.termination != .diverged)
        page.check("""
            At η = \(TourPage.number(Self.above))·2/λmax it diverges (\(Self.outcome(above.result)))
            """, above.result.termination == .diverged)
        page.check("""
            Below the bound the error along the top eigenvector shrinks by \(TourPage.number(topShrink, digits: 3)) in 60 steps, \
            near the quadratic model's |1 − ηλmax|⁶⁰ = \(TourPage.number(Foundation.pow(Swift.abs(1 - below.stepSize * lambdaMax), 60), digits: 3))
            """, topShrink < 1e-2)
        page.fact("rosenbrock_lambda_min", lambdaMin)
        page.fact("rosenbrock_lambda_max", lambdaMax)
        page.fact("rosenbrock_step_bound", bound)
        page.fact("rosenbrock_below_final_gap", belowFinal)
        page.fact("rosenbrock_below_start_gap", f0)
        page.fact("rosenbrock_below_iterations", Double(below.result.iterations))
        page.fact("rosenbrock_below_converged", below.result.isConverged ? 1 : 0)
        page.fact("rosenbrock_above_diverged", above.result.termination == .diverged ? 1 : 0)
        page.fact("rosenbrock_above_iterations", Double(above.result.iterations))
    }
}

/// Why a tour section could not make its point (the data contradicted its premise).
enum StepBoundError: Error, CustomStringConvertible {
    /// A Hessian with no positive eigenvalue has no stable step 2/λmax.
    case noStableStep(String)

    var description: String {
        switch self {
        case let .noStableStep(what): return "the Hessian of \(what) has no positive eigenvalue, so no step bound 2/λmax"
        }
    }
}
