// Section 1 of the tour: derivatives by automatic differentiation, checked three ways.
import Descent
import DescentPlot
import Foundation

/// Gradient: worked derivatives computed by reverse-mode automatic differentiation, each compared
/// with its hand-derived formula and with central finite differences; subgradients at kinks; the
/// directional derivative; and why steepest descent follows −∇f.
///
/// - f(x, y) = x²y + 3xy³ + sin x has ∇f = (2xy + 3y³ + cos x, x² + 9xy²).
/// - The mean squared error of linear regression, L(w, b) = (1/N)Σᵢ(w·xᵢ + b − yᵢ)², has
///   ∇_w L = (2/N)Xᵀr and ∂L/∂b = (2/N)Σᵢrᵢ with residuals r = Xw + b − y.
/// - |x| and ReLU have no derivative at 0; their subdifferentials are [−1, 1] and [0, 1], the
///   intervals between the one-sided derivatives. The library returns JAX's choices, 1 and 0.
/// - The directional derivative along a unit vector u is D_u f = uᵀ∇f = ‖∇f‖cos θ (θ the angle between
///   u and ∇f), smallest at u = −∇f/‖∇f‖, where it equals −‖∇f‖: the direction of steepest descent.
///
/// Central differences (f(x + h) − f(x − h))/(2h) with h = ε^{1/3}·max(1, |x|) have error O(h²) ≈ 10⁻¹⁰
/// relative on smooth functions (Nocedal & Wright, *Numerical Optimization*, 2nd ed., §8.1).
public struct GradientSection: TourSection {
    public let id = "gradient"
    public let title = "Gradient"
    public let activity = "checking worked derivatives against central finite differences"

    public init() {}

    /// The point of the worked example f(x, y) = x²y + 3xy³ + sin x.
    static let workedPoint = Tensor([1, 2])
    /// The unit direction of the worked directional derivative, (3, 4)/5.
    static let direction = Tensor([0.6, 0.8])
    /// The linear-regression parameters at which the MSE gradient is shown: wⱼ = 100·(−1)ʲ, b = 100
    /// (a point away from the fit, where every partial derivative is far from 0).
    static func regressionPoint(features: Int) -> (w: Tensor, b: Double) {
        (Tensor(shape: [features]) { $0 % 2 == 0 ? 100 : -100 }, 100)
    }

    /// f(x, y) = x²y + 3xy³ + sin x.
    static func worked(_ v: Variable) -> Variable {
        let (x, y) = (v[0], v[1])
        return x * x * y + 3 * x * y * y * y + sin(x)
    }

    public func write(to page: inout TourPage, options: TourOptions) throws {
        workedExample(&page)
        try regressionGradient(&page)
        subgradients(&page)
        directionalDerivatives(&page, options: options)
        try steepestDescent(&page, options: options)
    }

    // MARK: - x²y + 3xy³ + sin x

    private func workedExample(_ page: inout TourPage) {
        let p = Self.workedPoint
        let (x, y) = (p.scalars[0], p.scalars[1])
        let check = checkGradient(of: Self.worked, at: p)
        let formula = [2 * x * y + 3 * y * y * y + Foundation.cos(x), x * x + 9 * x * y * y]
        let autodiff = check.analytic.scalars, central = check.numerical.scalars
        let formulaGap = zip(autodiff, formula).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
        page.subheading("A worked gradient")
        page.paragraph("""
            f(x, y) = x²y + 3xy³ + sin x has the partial derivatives ∂f/∂x = 2xy + 3y³ + cos x and \
            ∂f/∂y = x² + 9xy². At (x, y) = (\(TourPage.number(x)), \(TourPage.number(y))) reverse-mode automatic \
            differentiation, the formula, and central finite differences give:
            """)
        page.table(header: ["", "formula", "automatic differentiation", "central differences", "|autodiff − differences|"], rows: [
            ["∂f/∂x = 2xy + 3y³ + cos x", .number(formula[0]), .number(autodiff[0]), .number(central[0]), .number(Swift.abs(autodiff[0] - central[0]))],
            ["∂f/∂y = x² + 9xy²", .number(formula[1]), .number(autodiff[1]), .number(central[1]), .number(Swift.abs(autodiff[1] - central[1]))],
        ])
        page.check("Automatic differentiation matches the formula \(formulaGap == 0 ? "exactly" : "to \(TourPage.number(formulaGap, digits: 2)) (relative)")",
                   formulaGap < 1e-14)
        page.check("Central differences agree with automatic differentiation to \(TourPage.number(check.maxRelativeError, digits: 2)) (relative)",
                   check.maxRelativeError < 1e-8)
        page.fact("worked_df_dx", autodiff[0])
        page.fact("worked_df_dy", autodiff[1])
        page.fact("worked_difference_error", check.maxRelativeError)
    }

    // MARK: - MSE of linear regression

    private func regressionGradient(_ page: inout TourPage) throws {
        let data = Dataset.diabetes
        let x = data.features, y = data.target
        let n = Double(data.rows)
        let (w, b) = Self.regressionPoint(features: data.columns)
        func loss(_ w: Variable, _ b: Variable) -> Variable {
            meanSquaredError(predictions: matmul(Variable(x), w) + b, targets: y)
        }
        let (gw, gb) = gradient(of: loss, at: w, Tensor(b))
        let autodiff = gw.scalars + gb.scalars
        // The formula: r = Xw + b − y, ∇_w = (2/N)Xᵀr, ∂b = (2/N)Σr.
        let residual = matmul(x, w) + b - y
        let formula = (matmul(x, residual, transposeA: true) * (2 / n)).scalars + [2 / n * residual.sum()]
        let parameters = (w.scalars + [b])
        let central = finiteDifferenceGradient(of: { theta in
            let s = theta.scalars
            return loss(Variable(Tensor(Array(s.dropLast()))), Variable(Tensor(s.last!))).value.scalars[0]
        }, at: Tensor(parameters)).scalars
        func relativeGap(_ a: [Double], _ b: [Double]) -> Double {
            zip(a, b).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
        }
        let formulaGap = relativeGap(autodiff, formula), differenceGap = relativeGap(autodiff, central)
        page.subheading("The gradient of the mean squared error")
        page.paragraph("""
            Linear regression on the diabetes data (\(data.rows) patients, \(data.columns) standardized features) \
            minimizes L(w, b) = (1/N)Σᵢ(w·xᵢ + b − yᵢ)². With residuals r = Xw + b − y its gradient is \
            ∇_w L = (2/N)Xᵀr and ∂L/∂b = (2/N)Σᵢ rᵢ. At wⱼ = ±\(TourPage.number(Swift.abs(w.scalars[0]))) \
            (alternating signs), b = \(TourPage.number(b)), where L = \(TourPage.number(loss(Variable(w), Variable(Tensor(b))).value.scalars[0], digits: 6)):
            """)
        let names = data.columnNames + ["b (intercept)"]
        page.table(header: ["parameter", "(2/N)Xᵀr, (2/N)Σr", "automatic differentiation", "central differences"],
                   rows: names.indices.map { i in [.text(names[i]), .number(formula[i]), .number(autodiff[i]), .number(central[i])] })
        page.check("Automatic differentiation matches (2/N)Xᵀr and (2/N)Σr to \(TourPage.number(formulaGap, digits: 2)) (relative)", formulaGap < 1e-12)
        page.check("Central differences agree to \(TourPage.number(differenceGap, digits: 2)) (relative)", differenceGap < 1e-7)
        page.fact("mse_loss", loss(Variable(w), Variable(Tensor(b))).value.scalars[0])
        page.fact("mse_gradient_b", autodiff.last!)
        page.fact("mse_gradient_norm", Tensor(autodiff).norm(.two))
        page.fact("mse_formula_error", formulaGap)
        page.fact("mse_difference_error", differenceGap)
    }

    // MARK: - Subgradients

    private func subgradients(_ page: inout TourPage) {
        struct Kink {
            var name: String
            var function: (Variable) -> Variable
            var plain: (Double) -> Double
            var subdifferential: ClosedRange<Double>
            var fact: String
        }
        let kinks = [
            Kink(name: "|x|", function: { abs($0) }, plain: { Swift.abs($0) }, subdifferential: -1...1, fact: "abs"),
            Kink(name: "ReLU(x) = max(x, 0)", function: { relu($0) }, plain: { Swift.max($0, 0) }, subdifferential: 0...1, fact: "relu"),
        ]
        page.subheading("Kinks: subgradients of |x| and ReLU at 0")
        page.paragraph("""
            Neither |x| nor ReLU has a derivative at 0: the slopes from the left and from the right differ. Every \
            number g between them is a subgradient, g·y ≤ f(y) − f(0) for all y, and gradient-based training only \
            needs one of them. Automatic differentiation must return some value there; Descent returns JAX's.
            """)
        let h = 1e-6
        var rows: [[HTMLReport.TableCell]] = []
        for kink in kinks {
            let library = derivative(of: kink.function, at: 0)
            let left = (kink.plain(0) - kink.plain(-h)) / h, right = (kink.plain(h) - kink.plain(0)) / h
            let central = (kink.plain(h) - kink.plain(-h)) / (2 * h)
            // The subgradient inequality on 201 points of [−1, 1].
            let holds = (-100...100).allSatisfy { k in
                let t = Double(k) / 100
                return library * t <= kink.plain(t) - kink.plain(0)
            }
            rows.append([.text(kink.name), .number(library), .number(left), .number(right), .number(central),
                         .text("[\(TourPage.number(kink.subdifferential.lowerBound)), \(TourPage.number(kink.subdifferential.upperBound))]")])
            page.check("""
                \(kink.name) at 0: the library returns \(TourPage.number(library)), inside the subdifferential \
                [\(TourPage.number(left)), \(TourPage.number(right))] given by the one-sided differences, and g·y ≤ f(y) − f(0) on [−1, 1]
                """, left <= library && library <= right && kink.subdifferential.contains(library) && holds)
            // Away from the kink the derivative is the ordinary one.
            let away = [-0.5, 0.5].map { (derivative(of: kink.function, at: $0), (kink.plain($0 + h) - kink.plain($0 - h)) / (2 * h)) }
            page.check("\(kink.name) away from 0: derivatives at ±0.5 are \(away.map { TourPage.number($0.0) }.joined(separator: " and ")), as central differences give",
                       away.allSatisfy { Swift.abs($0.0 - $0.1) < 1e-8 })
            page.fact("\(kink.fact)_derivative_at_0", library)
            page.fact("\(kink.fact)_central_difference_at_0", central)
        }
        page.table(header: ["f", "library's f′(0)", "left difference", "right difference", "central difference", "subdifferential ∂f(0)"], rows: rows)
        page.note("""
            Central differences at a kink return the midpoint of the two one-sided slopes — a subgradient too, but \
            not the library's choice. Which subgradient a library returns at a kink is a convention: Descent's \
            |x| gives 1 (sign(x) with sign(0) = 1) and ReLU gives 0 (the indicator x > 0), as JAX does.
            """)
    }

    // MARK: - Directional derivative

    private func directionalDerivatives(_ page: inout TourPage, options: TourOptions) {
        let p = Self.workedPoint, u = Self.direction
        let g = gradient(of: Self.worked, at: p)
        let along = directionalDerivative(of: Self.worked, at: p, direction: u)
        let h = FiniteDifferenceScheme.central.step(at: 1)
        let f = { (t: Double) in Self.worked(Variable(p + u * t)).value.scalars[0] }
        let central = (f(h) - f(-h)) / (2 * h)
        let norm = g.norm(.two)
        // Every direction u(θ) = (cos θ, sin θ), θ in whole degrees.
        let angles = (0..<360).map(Double.init)
        let slopes = angles.map { directionalDerivative(of: Self.worked, at: p, direction: Tensor([cos($0 * .pi / 180), sin($0 * .pi / 180)])) }
        let gradientAngle = atan2(g.scalars[1], g.scalars[0]) * 180 / .pi
        let descentAngle = (gradientAngle + 180).truncatingRemainder(dividingBy: 360)
        let steepest = slopes.indices.min { slopes[$0] < slopes[$1] }!
        let angleGap = Swift.abs(angles[steepest] - descentAngle)
        page.subheading("The directional derivative")
        page.paragraph("""
            The rate of change of f at (1, 2) along a unit vector u is D_u f = uᵀ∇f. Along u = (\(TourPage.number(u.scalars[0])), \
            \(TourPage.number(u.scalars[1]))) it is \(TourPage.number(along, digits: 8)); the central difference \
            (f(p + hu) − f(p − hu))/(2h) gives \(TourPage.number(central, digits: 8)). Since uᵀ∇f = ‖∇f‖cos θ, with θ the angle \
            between u and ∇f, the rate is largest along ∇f (+‖∇f‖ = \(TourPage.number(norm, digits: 6))) and most negative along −∇f: \
            no direction descends faster than the negative gradient.
            """)
        page.check("uᵀ∇f = \(TourPage.number(along, digits: 8)) agrees with the central difference to \(TourPage.number(Swift.abs(along - central), digits: 2))",
                   Swift.abs(along - central) < 1e-7 * Swift.max(1, Swift.abs(along)))
        page.check("""
            Of 360 unit directions, one per degree, the steepest decrease is at \(TourPage.number(angles[steepest]))°, \
            within a degree of −∇f's angle \(TourPage.number(descentAngle, digits: 5))°, at a rate \
            \(TourPage.number(slopes[steepest], digits: 6)) ≈ −‖∇f‖
            """, angleGap <= 0.5 && Swift.abs(slopes[steepest] + norm) <= norm * (1 - cos(0.5 * .pi / 180)) + 1e-12)
        let chart = LineChart(
            title: "Rate of change of f at (1, 2) by direction", xAxis: Axis("direction θ of u = (cos θ, sin θ) (degrees)", range: 0...360),
            yAxis: Axis("uᵀ∇f (change of f per unit length)"),
            series: [
                .init(name: "uᵀ∇f", x: angles, y: slopes),
                .init(name: "∇f/‖∇f‖ (ascent)", x: [gradientAngle < 0 ? gradientAngle + 360 : gradientAngle], y: [norm], style: .markers),
                .init(name: "−∇f/‖∇f‖ (descent)", x: [descentAngle], y: [-norm], style: .markers),
            ])
        page.figure("directional", chart, caption: """
            uᵀ∇f for every unit direction u at (1, 2): a cosine of amplitude ‖∇f‖ = \(TourPage.number(norm, digits: 5)), \
            highest along ∇f and lowest along −∇f.
            """)
        page.fact("directional_derivative", along)
        page.fact("directional_difference", central)
        page.fact("gradient_norm", norm)
        page.fact("steepest_angle_error_degrees", angleGap)
    }

    // MARK: - Steepest descent picture

    private func steepestDescent(_ page: inout TourPage, options: TourOptions) throws {
        let problem = TestProblem.himmelblau
        let f = problem.objective
        let window = (x: -5.0...5.0, y: -5.0...5.0)
        let arrows = ArrowField.sampled(name: "−∇f (direction)", xRange: window.x, yRange: window.y, count: options.size(full: 17, quick: 13)) { x, y in
            let g = f.valueAndGradient(Tensor([x, y])).gradient.scalars
            return (-g[0], -g[1])
        }
        // Small fixed steps follow the steepest-descent curve dx/dt = −∇f closely (η·λmax ≪ 2).
        let stepSize = 0.002
        let starts = [Tensor([-0.5, -4.5]), Tensor([0.6, 4.6])]
        var paths: [ContourPlot.Path] = []
        var monotone = true, converged = true
        var ends: [String] = []
        for start in starts {
            let result = try minimize(f, from: start, using: GradientDescent(lineSearch: FixedStep(stepSize)),
                                      options: OptimizationOptions(gradientTolerance: 1e-4, maxIterations: 20_000,
                                                                   storeTrace: true, traceIncludesX: true))
            let values = result.trace.map(\.value)
            monotone = monotone && zip(values, values.dropFirst()).allSatisfy { $1 <= $0 }
            converged = converged && result.isConverged && result.minimum < 1e-8
            let from = "(\(start.scalars.map { TourPage.number($0) }.joined(separator: ", ")))"
            paths.append(ContourPlot.Path(name: "GD from \(from)", iterates: result.trace.compactMap(\.x)))
            page.fact("descent_path_\(paths.count)_iterations", Double(result.iterations))
            ends.append("(\(result.minimizer.scalars.map { TourPage.number($0, digits: 4) }.joined(separator: ", "))) after \(result.iterations) steps")
        }
        let plot = ContourPlot(title: "Himmelblau's function with −∇f", function: { x, y in f.value(Tensor([x, y])) },
                               xRange: window.x, yRange: window.y, resolution: options.size(full: 161, quick: 101),
                               levels: .logarithmic(count: 12), paths: paths, arrows: [arrows], width: 760, height: 620)
        page.subheading("Why steepest descent follows −∇f")
        page.paragraph("""
            Himmelblau's function f(x, y) = (x² + y − 11)² + (x + y² − 7)² has four minima. The arrows show −∇f \
            (direction only): each crosses the contour through its foot at a right angle, because along a contour f \
            does not change, so ∇f has no component along it. Gradient descent with a small step \
            η = \(TourPage.number(stepSize)) traces the curve that always moves along −∇f.
            """)
        page.figure("steepest-descent", plot, caption: """
            Contours of Himmelblau's function (logarithmic levels) with −∇f on a grid and two runs of gradient \
            descent with η = \(TourPage.number(stepSize)), ending at \(ends.joined(separator: " and ")).
            """)
        page.check("Along both runs f decreases at every step, and each ends at a minimum (f < 10⁻⁸)", monotone && converged)
    }
}
