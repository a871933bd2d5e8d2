// Section 4 of the tour: seven optimizers race on Rosenbrock's and Beale's functions.
import Descent
import DescentPlot
import Foundation

/// Optimizers race: gradient descent, heavy-ball momentum, Nesterov, Adam, L-BFGS, Newton and a trust
/// region method, each run by the same `minimize` driver (same stopping rule ‖∇f‖∞ ≤ 10⁻⁵, same
/// iteration limit) on Rosenbrock's function from (−1.2, 1) and Beale's from (1, 1).
///
/// The first-order methods take x ← x − η·d with a fixed step: gradient descent d = ∇f; momentum
/// m ← ∇f + βm, d = m; Nesterov d = ∇f + βm (with m updated first); Adam d = m̂/(√v̂ + ε). The step of
/// the first three is η = 1/λmax(∇²f(x₀)), half the stability bound of section 3 at the start; Adam's is
/// a fixed 0.02 (its steps are about η per coordinate whatever the curvature). The second-order
/// methods choose their own steps: L-BFGS (strong Wolfe line search, 10 pairs), Newton with a
/// modified Cholesky factorization and a line search, and a Steihaug–CG trust region.
///
/// Reference: Nocedal & Wright, *Numerical Optimization*, 2nd ed., 2006 (ch. 3, 4, 7);
/// B. T. Polyak, 1964 (momentum); Y. Nesterov, 1983; D. P. Kingma and J. Ba, ICLR 2015 (Adam).
public struct OptimizersSection: TourSection {
    public let id = "optimizers"
    public let title = "Optimizers race on Rosenbrock and Beale"
    public let activity = "racing seven optimizers on Rosenbrock and Beale"

    public init() {}

    /// Adam's learning rate on both problems.
    static let adamStep = 0.02
    /// Heavy-ball and Nesterov momentum β.
    static let momentum = 0.9

    /// One race entry: a method's name, its colour (the same in every figure), its step in words, and
    /// how to run it.
    struct Entry {
        var name: String
        var color: String
        var step: String
        var run: (Objective, Tensor, OptimizationOptions) throws -> OptimizationResult
    }

    /// The seven methods, with the first-order step η for this problem.
    static func entries(step eta: Double) -> [Entry] {
        let rate = "η = \(TourPage.number(eta, digits: 3))"
        func entry<M: OptimizationMethod>(_ name: String, _ k: Int, _ step: String, _ method: M) -> Entry {
            // Palette colours 1…6 then 0: the seventh (yellow) is too faint on white.
            Entry(name: name, color: Palette.color((k + 1) % 7), step: step) { try minimize($0, from: $1, using: method, options: $2) }
        }
        return [
            entry("GD", 0, rate, GradientDescent(lineSearch: FixedStep(eta))),
            entry("momentum", 1, "\(rate), β = \(TourPage.number(momentum))",
                  TransformationDescent(sgd(learningRate: eta, momentum: momentum), name: "momentum")),
            entry("Nesterov", 2, "\(rate), β = \(TourPage.number(momentum))",
                  TransformationDescent(sgd(learningRate: eta, momentum: momentum, nesterov: true), name: "nesterov")),
            entry("Adam", 3, "η = \(TourPage.number(adamStep)), β₁ = 0.9, β₂ = 0.999",
                  TransformationDescent(adam(learningRate: adamStep), name: "adam")),
            entry("L-BFGS", 4, "strong Wolfe line search", LBFGS()),
            entry("Newton", 5, "modified Cholesky, Wolfe line search", Newton()),
            entry("trust region", 6, "Steihaug–CG subproblem", TrustRegion()),
        ]
    }

    /// A test function of the race: its name for ids, its title, window and the known minimum.
    struct Problem {
        var id: String
        var title: String
        var problem: TestProblem
        var window: (x: ClosedRange<Double>, y: ClosedRange<Double>)
    }

    /// The two races (computed: a `TestProblem` holds closures, so it is not `Sendable` shared state).
    static var problems: [Problem] {
        [
            Problem(id: "rosenbrock", title: "Rosenbrock", problem: .rosenbrock, window: (-2...2, -1...3)),
            Problem(id: "beale", title: "Beale", problem: .beale, window: (-0.5...4.5, -1.5...2)),
        ]
    }

    public func write(to page: inout TourPage, options: TourOptions) throws {
        page.paragraph("""
            Seven methods, one driver: every run stops when ‖∇f‖∞ ≤ 10⁻⁵ or after \
            \(options.size(full: 20_000, quick: 4_000)) iterations, and counts its evaluations of f, ∇f and ∇²f. \
            GD, momentum and Nesterov use the fixed step η = 1/λmax(∇²f(x₀)), half the bound 2/λmax of the previous \
            section at the starting point; Adam uses η = \(TourPage.number(Self.adamStep)); L-BFGS, Newton and the \
            trust region choose their own steps.
            """)
        for problem in Self.problems {
            try race(problem, on: &page, options: options)
        }
    }

    private func race(_ race: Problem, on page: inout TourPage, options: TourOptions) throws {
        let problem = race.problem
        guard let hessianAt = problem.objective.hessian else { throw OptimizationError.missingDerivative(method: "the optimizers race", needs: "a Hessian") }
        let start = problem.start
        let spectrum = try HessianSpectrum(hessian: hessianAt(start))
        let lambdaMax = spectrum.eigenvalues.scalars.last!
        let eta = 1 / lambdaMax
        // No second-order check at the end, so that the ∇²f column counts what each method itself used.
        let settings = OptimizationOptions(maxIterations: options.size(full: 20_000, quick: 4_000), storeTrace: true,
                                           traceIncludesX: true, secondOrderCheck: .off)
        let entries = Self.entries(step: eta)
        let results = try entries.map { try $0.run(problem.objective, start, settings) }
        let minimum = problem.minimum ?? 0

        let startText = "(\(start.scalars.map { TourPage.number($0) }.joined(separator: ", ")))"
        page.subheading("\(race.title) from \(startText)")
        page.paragraph("""
            At the start λmax(∇²f) = \(TourPage.number(lambdaMax, digits: 5)), so η = \(TourPage.number(eta, digits: 4)); the \
            minimum is f = \(TourPage.number(minimum)) at (\(problem.minimizer!.scalars.map { TourPage.number($0) }.joined(separator: ", "))).
            """)
        page.table(header: ["method", "step", "iterations", "f evaluations", "∇f evaluations", "∇²f evaluations",
                            "∇²f·v products", "final f", "termination"],
                   rows: zip(entries, results).map { e, r in
                       [.text(e.name), .text(e.step), .number(Double(r.iterations)), .number(Double(r.functionEvaluations)),
                        .number(Double(r.gradientEvaluations)), .number(Double(r.hessianEvaluations)),
                        .number(Double(r.hessianVectorProductEvaluations)), .number(r.minimum),
                        .text(r.termination.name.replacingOccurrences(of: "_", with: " "))]
                   })
        let paths = zip(entries, results).map { e, r in ContourPlot.Path(name: e.name, iterates: r.trace.compactMap(\.x), color: e.color) }
        let f = problem.objective.value
        let contour = ContourPlot(title: "\(race.title): the paths", function: { x, y in f(Tensor([x, y])) },
                                  xRange: race.window.x, yRange: race.window.y, resolution: options.size(full: 201, quick: 121),
                                  levels: .logarithmic(count: 14), paths: paths, height: 520)
        page.figure("\(race.id)-paths", contour, caption: """
            The iterates of each method over the contours of \(race.title)'s function (logarithmic levels), from \
            \(startText); points outside the window are clipped at its border.
            """)
        // Iteration 0 (the start) cannot sit on a log axis; every curve starts at iteration 1.
        let byIteration = zip(entries, results).map { e, r in
            LineChart.Series(name: e.name, x: r.trace.dropFirst().map { Double($0.iteration) },
                             y: r.trace.dropFirst().map { $0.value - minimum }, color: e.color)
        }
        page.figure("\(race.id)-loss-iterations", LineChart(title: "\(race.title): f − f* per iteration",
                                                            xAxis: Axis("iteration (log scale)", scale: .log10),
                                                            yAxis: Axis("f(x) − f* (log scale)", scale: .log10), series: byIteration),
                    caption: "f − f* against the iteration number, both on log axes.")
        let byEvaluation = zip(entries, results).map { e, r in
            LineChart.Series(name: e.name, x: r.trace.map { Double($0.functionEvaluations) },
                             y: r.trace.map { $0.value - minimum }, color: e.color)
        }
        page.figure("\(race.id)-loss-evaluations", LineChart(title: "\(race.title): f − f* per evaluation of f",
                                                             xAxis: Axis("function evaluations (log scale)", scale: .log10),
                                                             yAxis: Axis("f(x) − f* (log scale)", scale: .log10), series: byEvaluation),
                    caption: """
                        The same runs against the number of evaluations of f: a line search spends several per iteration, \
                        Newton evaluates ∇²f and the trust region's CG multiplies by it (see the table).
                        """)

        let byName = Dictionary(uniqueKeysWithValues: zip(entries.map(\.name), results))
        let secondOrder = ["L-BFGS", "Newton", "trust region"].map { byName[$0]! }
        let firstOrder = ["GD", "momentum", "Nesterov", "Adam"].map { byName[$0]! }
        let solution = problem.minimizer!
        let distance = secondOrder.map { ($0.minimizer - solution).norm(.infinity) }.max()!
        page.check("""
            L-BFGS, Newton and the trust region all converge, to within \(TourPage.number(distance, digits: 2)) of the minimizer, in \
            \(secondOrder.map { "\($0.iterations)" }.joined(separator: ", ")) iterations
            """, secondOrder.allSatisfy(\.isConverged) && distance < 1e-4)
        let slowestSecond = secondOrder.map(\.iterations).max()!, fastestFirst = firstOrder.map(\.iterations).min()!
        page.check("""
            The slowest of them (\(slowestSecond) iterations) needs fewer iterations than the fastest first-order method \
            (\(fastestFirst))
            """, slowestSecond < fastestFirst)
        let gd = byName["GD"]!, heavyBall = byName["momentum"]!, nesterov = byName["Nesterov"]!
        page.check("""
            At the same step η, momentum and Nesterov converge in \(heavyBall.iterations) and \(nesterov.iterations) \
            iterations; GD stops after \(gd.iterations) (\(gd.termination.name.replacingOccurrences(of: "_", with: " ")), \
            f = \(TourPage.number(gd.minimum, digits: 3)))
            """, heavyBall.isConverged && nesterov.isConverged && heavyBall.iterations < gd.iterations && nesterov.iterations < gd.iterations)

        page.fact("\(race.id)_step", eta)
        for (e, r) in zip(entries, results) {
            let key = e.name.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "")
            page.fact("\(race.id)_\(key)_iterations", Double(r.iterations))
            page.fact("\(race.id)_\(key)_function_evaluations", Double(r.functionEvaluations))
            page.fact("\(race.id)_\(key)_final_f", r.minimum)
            page.fact("\(race.id)_\(key)_converged", r.isConverged ? 1 : 0)
        }
    }
}
