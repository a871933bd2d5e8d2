// Section 2 of the tour: the closed-form least-squares solve against gradient descent.
import DescentCore
import DescentLearn
import DescentOptimize
import DescentPlot
import Foundation

/// Normal equation vs gradient descent: two roads to the least-squares weights
/// w* = argmin ½‖y − Xw‖².
///
/// The normal equation solves XᵀXw = Xᵀy directly: forming XᵀX costs nd² flops and its Cholesky
/// factorization d³/3, whatever the accuracy wanted. Gradient descent with step 1/L, L = λmax(XᵀX),
/// costs 4nd flops per iteration (Xw, then Xᵀr) and needs about κ·ln(1/ε) iterations for accuracy ε,
/// κ = κ(XᵀX) = λmax/λmin, since the error along the eigenvector of λmin shrinks by 1 − 1/κ per step.
/// So gradient descent wins only when d is large and κ small: the section measures both on diabetes
/// (same weights, GD's loss curve against the (1 − 1/κ)²ᵏ bound) and times both on generated data of
/// growing width d, reporting the crossover it measured, or that there was none in the range.
public struct NormalEquationSection: TourSection {
    public let id = "normal-equation"
    public let title = "Normal equation vs gradient descent"
    public let activity = "solving diabetes both ways and timing both as d grows"

    public init() {}

    /// Relative gradient tolerance ‖∇f‖∞ ≤ ε‖∇f(0)‖∞ of gradient descent on diabetes: tight enough
    /// that its weights agree with the direct solve to many digits.
    static let diabetesTolerance = 1e-10
    /// The fixed accuracy of the timing runs (`LinearRegression`'s relative gradient tolerance).
    static let timingTolerance = 1e-6

    public func write(to page: inout TourPage, options: TourOptions) throws {
        try writeDiabetes(to: &page, options: options)
        try writeTiming(to: &page, options: options)
    }

    // MARK: - The same weights on diabetes

    private func writeDiabetes(to page: inout TourPage, options: TourOptions) throws {
        let data = try StandardizedDiabetes()
        let (n, d) = (data.rows, data.columns)
        let direct = try LinearRegression(solver: .cholesky).fit(data.features, data.target, columnNames: data.names)
        let lambdaMax = data.gramEigenvalues[d - 1], lambdaMin = data.gramEigenvalues[0]
        let kappa = data.conditionNumber
        let descent = QuadraticGradientDescent(x: data.features, y: data.target, alpha: 0, largestEigenvalue: lambdaMax)
        let run = try descent.run(gradientTolerance: Self.diabetesTolerance, maxIterations: 200_000)
        let gap = (run.minimizer - direct.coefficients).norm(.infinity)
        let relativeGap = (run.minimizer - direct.coefficients).norm() / direct.coefficients.norm()
        let optimum = descent.objective.value(direct.coefficients)
        let initial = descent.objective.value(Tensor.zeros([d]))
        // The bound is on iterations, not on the loss; predicted count to the tolerance reached.
        let rate = 1 - 1 / kappa
        let predictedIterations = log(Self.diabetesTolerance) / log(rate)

        page.subheading("The same weights, two ways")
        page.paragraph("""
            Diabetes has n = \(n) patients and d = \(d) features, standardized to mean 0 and variance 1; the target \
            (disease progression after a year) is centred. The normal equation solves XᵀXw = Xᵀy by Cholesky \
            in one step. Gradient descent minimizes f(w) = ½‖y − Xw‖² from w = 0 with the constant step 1/L, \
            L = λmax(XᵀX) = \(TourPage.number(lambdaMax)), until ‖∇f‖∞ ≤ \(TourPage.number(Self.diabetesTolerance))·‖∇f(0)‖∞: \
            it needed \(run.iterations) iterations (\(run.termination.description)).
            """)
        page.table(header: ["feature", "normal equation", "gradient descent", "difference"],
                   rows: data.names.indices.map { j in
                       [.text(data.names[j]), .number(direct.coefficients[j]), .number(run.minimizer[j]),
                        .number(run.minimizer[j] - direct.coefficients[j])]
                   })
        page.check("""
            Gradient descent reaches the normal equation's weights: largest difference \(TourPage.number(gap, digits: 2)) \
            (relative \(TourPage.number(relativeGap, digits: 2)) in ‖·‖₂) on weights as large as \
            \(TourPage.number(direct.coefficients.norm(.infinity)))
            """, run.isConverged && relativeGap < 1e-6)

        // Loss curve: the measured gap f(w_k) − f* against the (1 − 1/κ)²ᵏ bound, thinned to ≤ 400
        // points, and ended where the gap falls to 100 ulps of f*: below that it is rounding noise.
        let floor = 100 * optimum.ulp
        let resolved = Array(run.trace.prefix { $0.value - optimum > floor })
        let every = Swift.max(1, resolved.count / 400)
        let kept = resolved.enumerated().filter { $0.offset % every == 0 || $0.offset == resolved.count - 1 }.map(\.element)
        let iterations = kept.map { Double($0.iteration) }
        let measured = kept.map { Swift.max($0.value - optimum, 0) }
        let bound = kept.map { (initial - optimum) * pow(rate, 2 * Double($0.iteration)) }
        let violations = zip(measured, bound).filter { $0 > $1 * (1 + 1e-9) + 1e-9 * initial }.count
        page.figure("loss", LineChart(
            title: "Gradient descent on diabetes: loss above the optimum",
            xAxis: Axis("iteration k"), yAxis: Axis("f(w_k) − f*  (½ squared error)", scale: .log10),
            series: [.init(name: "gradient descent, step 1/λmax", x: iterations, y: measured),
                     .init(name: "bound (1 − 1/κ)²ᵏ·(f(0) − f*)", x: iterations, y: bound, dash: "6 3")]),
            caption: """
                The loss of gradient descent above the normal equation's minimum f* = \(TourPage.number(optimum)), \
                per iteration, under the bound that κ(XᵀX) = \(TourPage.number(kappa)) predicts (drawn until the gap \
                reaches 100 ulps of f*, \(TourPage.number(floor, digits: 2)); below that rounding takes over).
                """)
        page.paragraph("""
            Why so many iterations for ten weights? The eigenvalues of XᵀX run from λmin = \(TourPage.number(lambdaMin)) \
            to λmax = \(TourPage.number(lambdaMax)), so κ(XᵀX) = \(TourPage.number(kappa)): with step 1/λmax the \
            component of the error along the eigenvector of λmin shrinks only by 1 − 1/κ = \(TourPage.number(rate, digits: 6)) \
            per step (the blood serum features s1–s6 are strongly correlated, which makes λmin small). The bound \
            (1 − 1/κ)ᵏ ≤ ε gives k ≈ κ·ln(1/ε) = \(TourPage.number(predictedIterations.rounded(.up))) iterations for \
            ε = \(TourPage.number(Self.diabetesTolerance)); the run needed \(run.iterations).
            """)
        page.check("The measured loss stays under the (1 − 1/κ)²ᵏ bound at every recorded iteration (\(violations) exceed it)",
                   violations == 0)
        page.check("""
            κ(XᵀX) = \(TourPage.number(kappa)) sets the iteration count: \(run.iterations) iterations, within the \
            predicted κ·ln(1/ε) = \(TourPage.number(predictedIterations.rounded(.up)))
            """, Double(run.iterations) <= predictedIterations.rounded(.up) + 1)
        page.fact("diabetes_kappa", kappa)
        page.fact("diabetes_gd_iterations", Double(run.iterations))
        page.fact("diabetes_gd_predicted_iterations", predictedIterations.rounded(.up))
        page.fact("diabetes_weight_gap", gap)
        page.fact("diabetes_relative_weight_gap", relativeGap)
        page.fact("diabetes_optimum", optimum)
        page.fact("diabetes_bmi_weight", direct.coefficient(named: "bmi") ?? .nan)
    }

    // MARK: - Timing as d grows

    /// One width of the timing sweep.
    struct Timing {
        var columns: Int
        var kappa: Double
        var directSeconds: Double
        var descentSeconds: Double
        var descentIterations: Int
        var relativeGap: Double
    }

    private func writeTiming(to page: inout TourPage, options: TourOptions) throws {
        let n = options.size(full: 5000, quick: 800)
        let widths = options.size(full: [20, 40, 80, 160, 320, 640], quick: [10, 20, 40, 80, 160])
        let repeats = options.size(full: 2, quick: 1)
        var generator = SeededGenerator(seed: options.seed &+ 2)
        var timings: [Timing] = []
        for d in widths {
            timings.append(try Self.time(rows: n, columns: d, repeats: repeats, generator: &generator))
        }
        let crossover = Self.crossover(timings)
        let tail = timings.suffix(3)
        let directExponent = Self.powerLaw(tail.map { (Double($0.columns), $0.directSeconds) }).exponent
        let descentExponent = Self.powerLaw(tail.map { (Double($0.columns), $0.descentSeconds) }).exponent

        page.subheading("Time as d grows")
        page.paragraph("""
            The cost of the two roads grows differently with the number of features d. The normal equation forms \
            XᵀX (nd² flops) and factors it (d³/3), whatever the accuracy; gradient descent costs 4nd flops per \
            iteration and needs about κ·ln(1/ε) iterations. To see where that leaves them, the run generates \
            X with n = \(n) rows of independent N(0, 1) entries (centred) and y = Xw + noise, for d = \
            \(widths.map(String.init).joined(separator: ", ")), and times LinearRegression with the Cholesky \
            solver against its gradient-descent solver stopped at the fixed accuracy ‖∇f‖∞ ≤ \
            \(TourPage.number(Self.timingTolerance))·‖∇f(0)‖∞ (the best of \(repeats) run\(repeats == 1 ? "" : "s") \
            each; this machine's load shifts the numbers, not their trend). Gradient descent's time includes its \
            Lanczos estimate of λmax.
            """)
        page.table(header: ["d", "κ(XᵀX)", "GD iterations", "normal equation (ms)", "gradient descent (ms)", "GD/NE", "GD weights' relative error"],
                   rows: timings.map { t in
                       [.number(Double(t.columns)), .number(t.kappa), .number(Double(t.descentIterations)),
                        .number(t.directSeconds * 1e3), .number(t.descentSeconds * 1e3),
                        .number(t.descentSeconds / t.directSeconds), .number(t.relativeGap)]
                   })
        page.figure("timing", LineChart(
            title: "Least squares on n = \(n) rows: time against width d",
            xAxis: Axis("number of features d", scale: .log10), yAxis: Axis("time (ms, best of \(repeats))", scale: .log10),
            series: [.init(name: "normal equation (Cholesky)", x: timings.map { Double($0.columns) }, y: timings.map { $0.directSeconds * 1e3 }, style: .lineAndMarkers),
                     .init(name: "gradient descent to ε = \(TourPage.number(Self.timingTolerance))", x: timings.map { Double($0.columns) },
                           y: timings.map { $0.descentSeconds * 1e3 }, style: .lineAndMarkers)]),
            caption: "Wall-clock time of each solver on generated data, measured in this run (log–log axes).")
        switch crossover {
        case .measured(let d):
            page.paragraph("""
                Measured crossover: from d = \(d) on, gradient descent at ε = \(TourPage.number(Self.timingTolerance)) was \
                faster than the normal equation, and stayed faster for every wider X measured.
                """)
        case .extrapolated(let d):
            page.paragraph("""
                No crossover in the measured range: the normal equation was faster at every d up to \(widths.last ?? 0). \
                Fitting t ∝ dᵖ through the last three widths (p = \(TourPage.number(directExponent, digits: 2)) for the normal \
                equation, \(TourPage.number(descentExponent, digits: 2)) for gradient descent) and extending the lines — an \
                extrapolation, not a measurement — they would meet near d ≈ \(TourPage.number(d, digits: 2)) at n = \(n) on \
                this machine.
                """)
        case .none:
            page.paragraph("""
                No crossover in the measured range: the normal equation was faster at every d up to \(widths.last ?? 0). \
                Over the last three widths its time grew like d^\(TourPage.number(directExponent, digits: 2)) and gradient \
                descent's like d^\(TourPage.number(descentExponent, digits: 2)), so these measurements do not predict a \
                crossover within 20 times the widest X either. The flop counts favour gradient descent once d is \
                a few times its iteration count, but the normal equation's flops run in BLAS's matrix–matrix kernels, \
                many times faster per flop than the matrix–vector products of gradient descent, which wait on memory.
                """)
        }
        page.paragraph("""
            κ(XᵀX) grows with d/n here (about ((1 + √(d/n))/(1 − √(d/n)))² for Gaussian data), and gradient descent's \
            iteration count follows it: from \(timings.first?.descentIterations ?? 0) iterations at κ = \
            \(TourPage.number(timings.first?.kappa ?? .nan, digits: 3)) to \(timings.last?.descentIterations ?? 0) at κ = \
            \(TourPage.number(timings.last?.kappa ?? .nan, digits: 3)). On an ill-conditioned problem like diabetes (κ = \
            \(TourPage.number(page.fact("diabetes_kappa") ?? .nan))) gradient descent would need thousands of passes \
            over the data, and the direct solve wins at any width this section can time.
            """)
        let worstGap = timings.map(\.relativeGap).max() ?? .nan
        page.check("Both solvers agree on every generated problem (largest relative difference of the weights \(TourPage.number(worstGap, digits: 2)))",
                   worstGap < 1e-3)
        let iterationsFollowKappa = zip(timings, timings.dropFirst()).allSatisfy { $1.kappa > $0.kappa }
            && (timings.last?.descentIterations ?? 0) > (timings.first?.descentIterations ?? 0)
        page.check("""
            κ(XᵀX) grows with d at fixed n and gradient descent's iterations grow with it \
            (\(timings.map { "\($0.descentIterations)" }.joined(separator: ", ")))
            """, iterationsFollowKappa)
        page.fact("timing_rows", Double(n))
        for t in timings {
            page.fact("normal_equation_ms_d\(t.columns)", t.directSeconds * 1e3)
            page.fact("gradient_descent_ms_d\(t.columns)", t.descentSeconds * 1e3)
            page.fact("gradient_descent_iterations_d\(t.columns)", Double(t.descentIterations))
            page.fact("kappa_d\(t.columns)", t.kappa)
        }
        switch crossover {
        case .measured(let d): page.fact("measured_crossover_d", Double(d))
        case .extrapolated(let d): page.fact("measured_crossover_d", .nan); page.fact("extrapolated_crossover_d", d)
        case .none: page.fact("measured_crossover_d", .nan)
        }
    }

    /// Times both solvers on one generated problem with `rows` × `columns` (best of `repeats`).
    static func time(rows n: Int, columns d: Int, repeats: Int, generator: inout SeededGenerator) throws -> Timing {
        var x = Tensor.randomNormal([n, d], using: &generator)
        x = x - x.mean(alongAxis: 0)
        let truth = Tensor.randomNormal([d], using: &generator)
        let y = matmul(x, truth) + Tensor.randomNormal([n], standardDeviation: 0.5, using: &generator)
        let spectrum = try SymmetricEigen(x.gram).eigenvalues.scalars
        var directBest = Double.infinity, descentBest = Double.infinity
        var direct: FittedLinearModel?, descent: FittedLinearModel?
        for _ in 0..<repeats {
            let (a, ta) = try timed { try LinearRegression(solver: .cholesky).fit(x, y) }
            let (b, tb) = try timed { try LinearRegression(solver: .gradientDescent, tolerance: timingTolerance, maxIterations: 100_000).fit(x, y) }
            direct = a
            descent = b
            directBest = Swift.min(directBest, ta)
            descentBest = Swift.min(descentBest, tb)
        }
        guard let direct, let descent else { preconditionFailure("repeats must be ≥ 1") }
        return Timing(columns: d, kappa: spectrum[d - 1] / spectrum[0], directSeconds: directBest, descentSeconds: descentBest,
                      descentIterations: descent.iterations,
                      relativeGap: (descent.coefficients - direct.coefficients).norm() / direct.coefficients.norm())
    }

    /// The value of `body` and the wall-clock seconds it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try body()
        let elapsed = ContinuousClock.now - start
        return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Where gradient descent became the faster solver.
    enum Crossover: Equatable {
        /// The smallest measured d from which GD was faster at every larger measured d.
        case measured(Int)
        /// None measured; the power laws t = a·dᵖ fitted through the last three widths meet at this d
        /// (reported only within 20 times the widest measured d).
        case extrapolated(Double)
        /// None measured, and the fitted laws do not meet within 20 times the range.
        case none
    }

    /// The measured crossover, or the extrapolated one (see `Crossover`).
    static func crossover(_ timings: [Timing]) -> Crossover {
        if let k = timings.indices.first(where: { k in timings[k...].allSatisfy { $0.descentSeconds < $0.directSeconds } }) {
            return .measured(timings[k].columns)
        }
        let tail = Array(timings.suffix(3))
        guard tail.count >= 2 else { return .none }
        let direct = powerLaw(tail.map { (Double($0.columns), $0.directSeconds) })
        let descent = powerLaw(tail.map { (Double($0.columns), $0.descentSeconds) })
        // a₁dᵖ¹ = a₂dᵖ² ⇔ ln d = (ln a₂ − ln a₁)/(p₁ − p₂); only meaningful beyond the range when p₁ > p₂.
        guard direct.exponent > descent.exponent else { return .none }
        let logD = (descent.logScale - direct.logScale) / (direct.exponent - descent.exponent)
        let d = exp(logD)
        // Beyond 20 times the widest X the fit says nothing: report none.
        let widest = Double(tail.last?.columns ?? 0)
        guard d.isFinite, d > widest, d <= 20 * widest else { return .none }
        return .extrapolated(d)
    }

    /// Least-squares line ln t = ln a + p·ln d through the points.
    static func powerLaw(_ points: [(d: Double, t: Double)]) -> (logScale: Double, exponent: Double) {
        let xs = points.map { log($0.d) }, ys = points.map { log($0.t) }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let p = sxx > 0 ? sxy / sxx : 0
        return (my - p * mx, p)
    }
}
