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
/// [−400, 200]] and λmax = 501 + √250601 ≈ 1001.6. On the quadratic the run above the bound diverges;
/// on Rosenbrock the minimum becomes unstable (the stiff error grows by ≈ 1.1 per step at first) but
/// the iterates drift along the valley to where λmax(H) ≈ 2/η and oscillate there, never converging.
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

    /// H(x) of a function of two variables, its spectrum, λmin, λmax and the step bound 2/λmax.
    /// - Throws: `StepBoundError.noStableStep` naming `name` when λmax ≤ 0 (no step is stable).
    private static func localCurvature(_ f: (Variable) -> Variable, at point: Tensor, _ name: String) throws
        -> (hessian: Tensor, spectrum: HessianSpectrum, lambdaMin: Double, lambdaMax: Double, bound: Double) {
        let h = hessian(of: f, at: point)
        let spectrum = try HessianSpectrum(hessian: h)
        guard let bound = spectrum.maxStableStep else { throw StepBoundError.noStableStep(name) }
        return (h, spectrum, spectrum.eigenvalues.scalars[0], spectrum.eigenvalues.scalars[1], bound)
    }

    // MARK: - The quadratic

    private func quadraticPart(_ page: inout TourPage, options: TourOptions) throws {
        let origin = Tensor([0, 0])
        let (h, _, lambdaMin, lambdaMax, bound) = try Self.localCurvature(Self.quadratic, at: origin, "the quadratic")
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
        page.table(header: ["step η", "predicted ρ = max|1 − ηλ|", "measured rate (last 20 steps)", "f at the last step", "termination"],
                   rows: zip(runs, predicted).map { r, rho in
                       [.text(Self.label(r)), .number(rho), .number(r.measuredRate), .number(r.gaps.last!),
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
        // Each run keeps its colour from the loss chart (series k has palette colour k there); the shrinking
        // zigzag is drawn last, on top of the growing one that covers it.
        let paths = runs.enumerated().map { k, r in
            ContourPlot.Path(name: Self.label(r), iterates: Array(r.result.trace.compactMap(\.x).prefix(shown + 1)), color: Palette.color(k))
        }.reversed()
        let window = 4.0
        let contour = ContourPlot(title: "The first \(shown) steps", function: { x, y in 0.5 * (3 * x * x + 4 * x * y + 6 * y * y) },
                                  xRange: -window...window, yRange: -window...window, resolution: options.size(full: 121, quick: 81),
                                  levels: .values([0.25, 1, 2, 4, 8, 16, 32]), paths: Array(paths))
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
        try rateSweep(&page, objective: objective, start: start, bound: bound, lambdas: (lambdaMin, lambdaMax))
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

    /// The rate per step against η/(2/λmax): predicted max|1 − ηλ| and measured on gradient-descent runs.
    private func rateSweep(_ page: inout TourPage, objective: Objective, start: Tensor, bound: Double,
                           lambdas: (min: Double, max: Double)) throws {
        func predicted(_ factor: Double) -> Double {
            let eta = factor * bound
            return Swift.max(Swift.abs(1 - eta * lambdas.min), Swift.abs(1 - eta * lambdas.max))
        }
        // 100 steps: the slower mode dominates the last 20 by a factor ≥ (0.8/0.94)⁸⁰ ≈ 10⁻⁶ at the smallest
        // step, and the largest step diverges after about 30.
        let factors = (1...13).map { Double($0) / 10 }
        let measured = try factors.map {
            try Self.run(objective, from: start, factor: $0, bound: bound, minimum: 0, maxIterations: 100, gradientTolerance: 0).measuredRate
        }
        let curve = (0...130).map { Double($0) / 100 }
        let worst = zip(factors, measured).map { Swift.abs($1 - predicted($0)) }.max()!
        let chart = LineChart(
            title: "Rate per step of gradient descent on ½xᵀAx", xAxis: Axis("η / (2/λmax)", range: 0...1.3),
            yAxis: Axis("factor per step of the error, ρ"),
            series: [
                .init(name: "predicted max|1 − ηλ|", x: curve, y: curve.map(predicted)),
                .init(name: "measured (100 steps of GD)", x: factors, y: measured, style: .markers),
                .init(name: "ρ = 1: the stability limit", x: [0, 1.3], y: [1, 1], color: "#666666", dash: "5 4"),
            ])
        page.figure("rate-sweep", chart, caption: """
            The factor by which each gradient step multiplies the error, against the step as a fraction of 2/λmax: \
            predicted by the eigenvalues (line) and measured on runs (markers). It is smallest at η = 2/(λmin + λmax) = \
            \(TourPage.number(2 / (lambdas.min + lambdas.max), digits: 4)), where ρ = (κ − 1)/(κ + 1) = \
            \(TourPage.number((lambdas.max - lambdas.min) / (lambdas.max + lambdas.min), digits: 4)), and crosses 1 exactly at 2/λmax.
            """)
        let stableWhereBelow = zip(factors, measured).allSatisfy { $0 < 1 ? $1 < 1 : $0 > 1 ? $1 > 1 : true }
        page.check("""
            On \(factors.count) runs with η from \(TourPage.number(factors.first!))·2/λmax to \(TourPage.number(factors.last!))·2/λmax, \
            the measured rate matches max|1 − ηλ| to \(TourPage.number(worst, digits: 2)), and is below 1 exactly for the steps below the bound
            """, worst < 1e-3 && stableWhereBelow)
        page.fact("quadratic_rate_sweep_max_error", worst)
    }

    // MARK: - Rosenbrock near its minimum

    private func rosenbrockPart(_ page: inout TourPage, options: TourOptions) throws {
        let minimizer = Tensor([1, 1])
        let (h, spectrum, lambdaMin, lambdaMax, bound) = try Self.localCurvature(Self.rosenbrock, at: minimizer, "Rosenbrock at (1, 1)")
        // Start 0.01 from the minimum along (v_min + v_max)/√2, so both modes are present and the
        // quadratic model around (1, 1) holds.
        let eigen = try SymmetricEigen(h)
        let (vMin, vMax) = (eigen.eigenvectors.column(0), eigen.eigenvectors.column(1))
        let offset = 0.01
        let start = minimizer + (vMin + vMax) * (offset / 2.0.squareRoot())
        // The slow mode contracts by 1 − ηλmin ≈ 1 − 7.6·10⁻⁴ per step: about 10⁴ steps to ‖∇f‖∞ ≤ 10⁻⁶.
        // Above the bound the run needs a few thousand steps to settle into its final oscillation.
        let iterations = options.size(full: 15_000, quick: 5_000)
        let runs = try [Self.below, Self.above].map {
            try Self.run(TestProblem.rosenbrock.objective, from: start, factor: $0, bound: bound, minimum: 0,
                         maxIterations: iterations, gradientTolerance: 1e-6)
        }
        let below = runs[0], above = runs[1]
        let f0 = below.gaps[0], belowFinal = below.gaps.last!
        let belowMonotone = zip(below.gaps, below.gaps.dropFirst()).allSatisfy { $1 <= $0 }
        // The error along v_max over the first 20 steps: × |1 − ηλmax|²⁰ in the quadratic model.
        func topGrowth(_ run: Run) -> Double {
            let top = run.result.trace.compactMap(\.x).map { Swift.abs(dot($0 - minimizer, vMax)) }
            return top.count > 20 ? top[20] / top[0] : .nan
        }
        let predictedGrowth = runs.map { Foundation.pow(Swift.abs(1 - $0.stepSize * lambdaMax), 20) }
        // Where the run above the bound ends: the last iterates (the result's minimizer is the best point
        // seen, which is near the start), the curvature there, and whether they alternate (period 2).
        let path = above.result.trace.compactMap(\.x)
        let last = path[path.count - 1], previous = path[path.count - 2], beforeThat = path[path.count - 3]
        let centre = (last + previous) * 0.5
        let centreSpectrum = try HessianSpectrum(hessian: hessian(of: Self.rosenbrock, at: centre))
        let lambdaThere = centreSpectrum.eigenvalues.scalars.last!
        let periodTwo = (last - beforeThat).norm(.two) < 1e-3 * (last - previous).norm(.two)
        let aboveFinal = above.gaps.last!
        let distance = (centre - minimizer).norm(.two)

        func pointText(_ t: Tensor) -> String { "(\(t.scalars.map { TourPage.number($0, digits: 4) }.joined(separator: ", ")))" }
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
        page.table(header: ["step η", "f at the start", "f at the last step", "termination", "error along v_max after 20 steps (model)"],
                   rows: zip(runs, predictedGrowth).map { r, model in
                       [.text(Self.label(r)), .number(r.gaps[0]), .number(r.gaps.last!), .text(Self.outcome(r.result)),
                        .text("× \(TourPage.number(topGrowth(r), digits: 3)) (× \(TourPage.number(model, digits: 3)))")]
                   })
        let chart = LineChart(title: "Gradient descent on Rosenbrock from 0.01 off (1, 1)", xAxis: Axis("iteration"),
                              yAxis: Axis("f(x) − f* (log scale)", scale: .log10),
                              series: runs.map { LineChart.Series(name: Self.label($0), values: $0.gaps) })
        page.figure("rosenbrock-loss", chart, caption: """
            f − f* per iteration on a log axis. Below the bound the stiff direction (λmax) is settled within a few \
            dozen steps and the rest is the slow crawl along the valley (rate 1 − ηλmin per step, κ ≈ \
            \(TourPage.number(spectrum.conditionNumber, digits: 4))). Above it the stiff direction is unstable: f first \
            grows, then the run drifts down the valley to where the curvature is lower, and ends oscillating without converging.
            """)
        page.check("""
            At η = \(TourPage.number(Self.below))·2/λmax, f falls at every step, from \(TourPage.number(f0, digits: 3)) to \
            \(TourPage.number(belowFinal, digits: 3)) (\(Self.outcome(below.result)))
            """, belowMonotone && belowFinal < f0 * 0.5 && below.result.termination != .diverged)
        page.check("""
            Over the first 20 steps the error along the top eigenvector shrinks by × \(TourPage.number(topGrowth(below), digits: 3)) \
            below the bound and grows by × \(TourPage.number(topGrowth(above), digits: 3)) above it, as the quadratic model's \
            |1 − ηλmax|²⁰ = \(TourPage.number(predictedGrowth[0], digits: 3)) and \(TourPage.number(predictedGrowth[1], digits: 3)) say
            """, topGrowth(below) < 1 && topGrowth(above) > 1 && zip(runs.map(topGrowth), predictedGrowth).allSatisfy { Swift.abs(log($0 / $1)) < log(2) })
        page.check("""
            At η = \(TourPage.number(Self.above))·2/λmax it does not converge: after \(above.result.iterations) steps f = \
            \(TourPage.number(aboveFinal, digits: 3)) (against \(TourPage.number(belowFinal, digits: 3)) below the bound), and \
            the iterates are \(TourPage.number(distance, digits: 2)) from the minimum, farther than the start (\(TourPage.number(offset)))
            """, !above.result.isConverged && aboveFinal > 1e3 * belowFinal && distance > offset)
        page.check("""
            It ends \(periodTwo ? "alternating between two points" : "oscillating") around \(pointText(centre)), where \
            λmax(H) = \(TourPage.number(lambdaThere, digits: 4)) is close to 2/η = \(TourPage.number(2 / above.stepSize, digits: 4)): \
            Rosenbrock is not a quadratic, and gradient descent settles where the curvature is just what its step can \
            tolerate (the "edge of stability")
            """, Swift.abs(lambdaThere * above.stepSize / 2 - 1) < 0.05)
        page.note("""
            So "diverges" needs care outside quadratics: above 2/λmax the minimum becomes unstable — the iterates cannot \
            converge to it — but on Rosenbrock they do not fly off to infinity; they are pushed along the valley until \
            the curvature drops to about 2/η.
            """)
        page.fact("rosenbrock_lambda_min", lambdaMin)
        page.fact("rosenbrock_lambda_max", lambdaMax)
        page.fact("rosenbrock_step_bound", bound)
        page.fact("rosenbrock_below_final_gap", belowFinal)
        page.fact("rosenbrock_below_start_gap", f0)
        page.fact("rosenbrock_below_iterations", Double(below.result.iterations))
        page.fact("rosenbrock_below_converged", below.result.isConverged ? 1 : 0)
        page.fact("rosenbrock_below_top_growth", topGrowth(below))
        page.fact("rosenbrock_above_top_growth", topGrowth(above))
        page.fact("rosenbrock_above_converged", above.result.isConverged ? 1 : 0)
        page.fact("rosenbrock_above_final_gap", aboveFinal)
        page.fact("rosenbrock_above_final_lambda_max", lambdaThere)
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
