// Section 5 of the tour: L1 against L2 — why the lasso makes exact zeros and ridge does not.
import DescentCore
import DescentLearn
import DescentOptimize
import DescentPlot
import Foundation

/// L1 vs L2 regularization, three ways.
///
/// 1. One weight, step by step, with no data gradient: the L1 proximal step (soft-thresholding)
///    w ← sign(w)·max(|w| − ηλ, 0) subtracts ηλ each step and lands on exactly 0 after ⌈|w₀|/(ηλ)⌉
///    steps; the L2 gradient step on λw² (weight decay) w ← w − η·2λw = (1 − 2ηλ)w only shrinks
///    geometrically and never reaches 0.
/// 2. The coefficient paths of the lasso, min (1/2n)‖y − Xw‖² + α‖w‖₁, and of ridge,
///    min ‖y − Xw‖² + α‖w‖₂², on standardized diabetes: lasso coefficients hit 0 one by one as α
///    grows; ridge coefficients shrink towards 0 but none is ever 0.
/// 3. The geometry: min L(w) subject to ‖w‖₁ ≤ t touches the L1 diamond first at a corner (a
///    coordinate is 0), while ‖w‖₂ ≤ t, a disc, is touched at a generic boundary point.
public struct RegularizationSection: TourSection {
    public let id = "regularization"
    public let title = "L1 vs L2"
    public let activity = "soft-thresholding, lasso and ridge paths on diabetes, the diamond and the disc"

    public init() {}

    /// The worked example: starting weight, learning rate, penalty weight.
    static let start = 0.5, learningRate = 0.1, lambda = 0.1

    public func write(to page: inout TourPage, options: TourOptions) throws {
        writeWorkedExample(to: &page)
        let data = try StandardizedDiabetes()
        try writePaths(to: &page, data: data, options: options)
        try writeGeometry(to: &page, data: data, options: options)
    }

    // MARK: - One weight, step by step

    private func writeWorkedExample(to page: inout TourPage) {
        let (eta, lambda) = (Self.learningRate, Self.lambda)
        let steps = 60
        // L1: the proximal gradient step with a zero data gradient is the prox of ηλ|w| alone.
        let l1Penalty = L1Penalty(lambda)
        var l1 = [Self.start]
        for _ in 0..<steps { l1.append(l1Penalty.proximal(Tensor([l1[l1.count - 1]]), step: eta).scalars[0]) }
        // L2: plain gradient descent on λw², i.e. SGD with weight decay 2λ on a zero data gradient.
        let l2Optimizer = chain(AddDecayedWeights(weightDecay: 2 * lambda), sgd(learningRate: eta))
        var l2Weight = Tensor([Self.start])
        var l2State = l2Optimizer.initialize(l2Weight)
        var l2 = [Self.start]
        let longRun = 1000
        var l2AfterLongRun = Self.start
        for k in 1...longRun {
            l2Optimizer.step(&l2Weight, gradient: Tensor([0]), state: &l2State)
            if k <= steps { l2.append(l2Weight.scalars[0]) }
            if k == longRun { l2AfterLongRun = l2Weight.scalars[0] }
        }
        let firstZero = l1.firstIndex(of: 0)
        let predictedZero = Int((Self.start / (eta * lambda)).rounded(.up))
        let l1Decrement = l1[0] - l1[1], l2Factor = l2[1] / l2[0]
        let l2Prox = L2SquaredPenalty(lambda).proximal(Tensor([Self.start]), step: eta).scalars[0] / Self.start

        page.subheading("One weight, step by step")
        page.paragraph("""
            Take a single weight w = \(TourPage.number(Self.start)), learning rate η = \(TourPage.number(eta)), penalty \
            weight λ = \(TourPage.number(lambda)), and no pull from the data (zero data gradient), so only the penalty acts. \
            The L1 penalty λ|w| is not differentiable at 0; its proximal step (soft-thresholding, L1Penalty.proximal) is \
            w ← sign(w)·max(|w| − ηλ, 0). The L2 penalty λw² has gradient 2λw; a gradient step (sgd with \
            AddDecayedWeights(2λ)) is w ← (1 − 2ηλ)·w.
            """)
        let shown = [0, 1, 2, 3, 10, 25, 48, 49, 50, 51, 60]
        page.table(header: ["step k", "L1 proximal step", "L2 gradient step"], rows: shown.map { k in
            [.number(Double(k)), .number(l1[k]), .number(l2[k])]
        })
        page.check("""
            Each L1 step subtracts ηλ = \(TourPage.number(eta * lambda)): \(TourPage.number(l1[0])) → \(TourPage.number(l1[1])) \
            (computed decrement \(TourPage.number(l1Decrement, digits: 6)))
            """, Swift.abs(l1Decrement - eta * lambda) < 1e-12)
        page.check("""
            The L1 weight is exactly 0 after \(firstZero.map(String.init) ?? "more than \(steps)") steps \
            (⌈w₀/(ηλ)⌉ = \(predictedZero)) and stays there
            """, firstZero == predictedZero && l1[(firstZero ?? 0)...].allSatisfy { $0 == 0 })
        page.check("""
            Each L2 step multiplies by 1 − 2ηλ = \(TourPage.number(l2Factor, digits: 6)), so after 50 steps w = \
            \(TourPage.number(l2[50])) and after \(longRun) steps w = \(TourPage.number(l2AfterLongRun, digits: 3)): never 0
            """, Swift.abs(l2Factor - (1 - 2 * eta * lambda)) < 1e-12 && l2AfterLongRun > 0)
        page.note("""
            The proximal step of the L2 penalty divides instead, w ← w/(1 + 2ηλ) (factor \(TourPage.number(l2Prox, digits: 6)) \
            here, L2SquaredPenalty.proximal): also a shrinkage by a constant factor, also never exactly 0. \
            Only the L1 prox has a dead zone, |w| ≤ ηλ ↦ 0.
            """)
        page.figure("steps", LineChart(
            title: "One weight under the penalty alone (w₀ = \(TourPage.number(Self.start)), η = \(TourPage.number(eta)), λ = \(TourPage.number(lambda)))",
            xAxis: Axis("step k"), yAxis: Axis("weight w_k"),
            series: [.init(name: "L1 proximal step: w − ηλ", values: l1, style: .lineAndMarkers),
                     .init(name: "L2 gradient step: (1 − 2ηλ)w", values: l2, style: .lineAndMarkers)]),
            caption: "L1 walks to 0 in equal steps and stops there; L2 decays geometrically towards 0 without reaching it.")
        page.fact("l1_step_decrement", l1Decrement)
        page.fact("l1_steps_to_zero", firstZero.map(Double.init) ?? .nan)
        page.fact("l2_factor", l2Factor)
        page.fact("l2_after_50_steps", l2[50])
        page.fact("l2_after_1000_steps", l2AfterLongRun)
    }

    // MARK: - Coefficient paths on diabetes

    private func writePaths(to page: inout TourPage, data: StandardizedDiabetes, options: TourOptions) throws {
        let count = options.size(full: 100, quick: 30)
        let lassoPath = try Lasso().path(data.features, data.target, alphas: .automatic(count: count, ratio: 1e-3))
        let lassoAlphas = lassoPath.alphas
        let lassoCoefficients = lassoPath.coefficients
        // Ridge's α multiplies ‖w‖² against the unnormalized ‖y − Xw‖²: its grid spans λmin/100 to 100·λmax.
        let lowest = data.gramEigenvalues[0] / 100, highest = data.gramEigenvalues[data.columns - 1] * 100
        let ridgeAlphas = (0..<count).map { k in lowest * pow(highest / lowest, Double(k) / Double(count - 1)) }
        let ridgeModels = try ridgeAlphas.map { try Ridge(alpha: $0).fit(data.features, data.target) }
        let d = data.columns

        func series(_ alphas: [Double], _ coefficient: (Int, Int) -> Double) -> [LineChart.Series] {
            (0..<d).map { j in .init(name: data.names[j], x: alphas, y: alphas.indices.map { coefficient($0, j) }) }
        }
        page.subheading("Coefficient paths on diabetes")
        page.paragraph("""
            On standardized diabetes the lasso minimizes (1/2n)‖y − Xw‖² + α‖w‖₁ (Lasso.path, \(count) values of α from \
            α_max = \(TourPage.number(lassoAlphas[0])), the smallest α with w = 0, down to α_max/1000) and ridge minimizes \
            ‖y − Xw‖² + α‖w‖₂² (Ridge, \(count) values of α from \(TourPage.number(lowest)) to \(TourPage.number(highest))).
            """)
        page.figure("lasso-path", LineChart(
            title: "Lasso coefficients on diabetes", xAxis: Axis("penalty α (log scale)", scale: .log10),
            yAxis: Axis("coefficient (per standard deviation of the feature)"),
            series: series(lassoAlphas) { lassoCoefficients[$0, $1] }),
            caption: "Lasso path: as α grows (to the right) the coefficients reach exactly 0 one after another.")
        page.figure("ridge-path", LineChart(
            title: "Ridge coefficients on diabetes", xAxis: Axis("penalty α (log scale)", scale: .log10),
            yAxis: Axis("coefficient (per standard deviation of the feature)"),
            series: series(ridgeAlphas) { ridgeModels[$0].coefficients[$1] }),
            caption: "Ridge path: as α grows the coefficients shrink smoothly towards 0, none of them reaching it.")

        let lassoZeros = lassoPath.models.map { $0.coefficients.scalars.filter { $0 == 0 }.count }
        let ridgeZeros = ridgeModels.map { $0.coefficients.scalars.filter { $0 == 0 }.count }
        page.figure("zeros", LineChart(
            title: "Coefficients exactly 0", xAxis: Axis("penalty α (log scale; each model's own α)", scale: .log10),
            yAxis: Axis("number of zero coefficients (of \(d))", range: 0...Double(d)),
            series: [.init(name: "lasso (L1)", x: lassoAlphas, y: lassoZeros.map(Double.init), style: .lineAndMarkers),
                     .init(name: "ridge (L2)", x: ridgeAlphas, y: ridgeZeros.map(Double.init), style: .lineAndMarkers)]),
            caption: "How many of the \(d) coefficients are exactly 0.0 along each path.")
        // A representative lasso model: α = α_max/10.
        let alpha = lassoAlphas[0] / 10
        let lasso = try Lasso(alpha: alpha).fit(data.features, data.target, columnNames: data.names)
        let zeroNames = lasso.zeroCoefficientIndices.map { data.names[$0] }
        page.paragraph("""
            At α = α_max/10 = \(TourPage.number(alpha)) the lasso keeps \(d - zeroNames.count) of the \(d) features and sets \
            \(zeroNames.count) coefficients to exactly 0 (\(zeroNames.joined(separator: ", "))): it selects features. Along \
            the whole ridge path, no coefficient is ever exactly 0.
            """)
        page.check("The lasso at α = α_max/10 has exact zeros: \(zeroNames.count) of \(d)", !zeroNames.isEmpty)
        page.check("Ridge has no zero coefficient at any of its \(count) values of α (total zeros \(ridgeZeros.reduce(0, +)))",
                   ridgeZeros.allSatisfy { $0 == 0 })
        page.check("The lasso's zeros grow from 0 at the smallest α to all \(d) at α_max (\(lassoZeros.last ?? -1) → \(lassoZeros.first ?? -1))",
                   lassoZeros.first == d && lassoZeros.last == 0)
        page.fact("lasso_alpha_max", lassoAlphas[0])
        page.fact("lasso_alpha", alpha)
        page.fact("lasso_zeros", Double(zeroNames.count))
        page.fact("ridge_zeros", Double(ridgeZeros.reduce(0, +)))
        page.fact("lasso_bmi_coefficient", lasso.coefficient(named: "bmi") ?? .nan)
    }

    // MARK: - The diamond and the disc

    private func writeGeometry(to page: inout TourPage, data: StandardizedDiabetes, options: TourOptions) throws {
        let pair = [data.names.firstIndex(of: "bmi") ?? 2, data.names.firstIndex(of: "bp") ?? 3]
        let x = data.columns(pair), y = data.target
        let n = Double(data.rows)
        // L(w) = (1/2n)‖y − Xw‖² = L* + ½(w − ŵ)ᵀH(w − ŵ), H = XᵀX/n, ŵ the least-squares weights.
        let h = x.gram / n
        let unconstrained = try LinearRegression(solver: .cholesky).fit(x, y).coefficients
        func loss(_ w0: Double, _ w1: Double) -> Double {
            let r = y - matmul(x, Tensor([w0, w1]))
            return 0.5 * r.squaredNorm() / n
        }
        // The lasso with exactly one non-zero weight: α between the two entry points of the path.
        let path = try Lasso().path(x, y, alphas: .automatic(count: 200, ratio: 1e-3))
        let oneNonzero = path.models.filter { $0.coefficients.scalars.filter { $0 != 0 }.count == 1 }
        guard !oneNonzero.isEmpty else { throw RegularizationSectionError.noCorner }
        let lasso = oneNonzero[oneNonzero.count / 2]
        let lassoWeights = lasso.coefficients
        let budget = lassoWeights.norm(.one)
        // Ridge with the same budget ‖w‖₂ = t: bisection on ln α (‖w_ridge(α)‖₂ falls as α grows).
        var (low, high) = (log(1e-8), log(1e12))
        for _ in 0..<80 {
            let mid = (low + high) / 2
            let norm = try Ridge(alpha: exp(mid)).fit(x, y).coefficients.norm()
            if norm > budget { low = mid } else { high = mid }
        }
        let ridgeAlpha = exp((low + high) / 2)
        let ridgeWeights = try Ridge(alpha: ridgeAlpha).fit(x, y).coefficients

        // The claims: each point is the best of its set's boundary (sampled finely) and sits where said.
        let samples = 4000
        let boundary = (0..<samples).map { 2 * Double.pi * Double($0) / Double(samples) }
        let diamond = boundary.map { a -> (Double, Double) in
            let (c, s) = (cos(a), sin(a))
            let scale = budget / (Swift.abs(c) + Swift.abs(s))
            return (c * scale, s * scale)
        }
        let disc = boundary.map { (budget * cos($0), budget * sin($0)) }
        let lassoLoss = loss(lassoWeights[0], lassoWeights[1]), ridgeLoss = loss(ridgeWeights[0], ridgeWeights[1])
        let bestOnDiamond = diamond.map { loss($0.0, $0.1) }.min() ?? .nan
        let bestOnDisc = disc.map { loss($0.0, $0.1) }.min() ?? .nan
        let lassoZero = lassoWeights.scalars.firstIndex(of: 0)
        let names = pair.map { data.names[$0] }

        // Contours of L: ellipses ŵ + √(2(c − L*))·Σ cos/sin·vᵢ/√λᵢ through the two optima and around.
        let eigen = try SymmetricEigen(h)
        let optimum = loss(unconstrained[0], unconstrained[1])
        let lassoLevel = lassoLoss - optimum
        let levels = [0.1, 0.4, 1.0, (ridgeLoss - optimum) / lassoLevel].map { $0 * lassoLevel }
        func ellipse(_ level: Double) -> [(Double, Double)] {
            (0...240).map { k in
                let a = 2 * Double.pi * Double(k) / 240
                let radius = (2 * level).squareRoot()
                let (u, v) = (radius * cos(a) / eigen.eigenvalues[0].squareRoot(), radius * sin(a) / eigen.eigenvalues[1].squareRoot())
                return (unconstrained[0] + u * eigen.eigenvectors[0, 0] + v * eigen.eigenvectors[0, 1],
                        unconstrained[1] + u * eigen.eigenvectors[1, 0] + v * eigen.eigenvectors[1, 1])
            }
        }
        let corners = [(budget, 0.0), (0, budget), (-budget, 0), (0, -budget), (budget, 0)]
        var series: [LineChart.Series] = levels.enumerated().map { k, level in
            let points = ellipse(level)
            return .init(name: k == 0 ? "loss contours" : "", x: points.map(\.0), y: points.map(\.1), color: "#b0b0b0")
        }
        series.append(.init(name: "‖w‖₁ ≤ t (diamond)", x: corners.map(\.0), y: corners.map(\.1), color: Palette.color(0)))
        series.append(.init(name: "‖w‖₂ ≤ t (disc)", x: disc.map(\.0) + [budget], y: disc.map(\.1) + [0], color: Palette.color(1)))
        series.append(.init(name: "lasso optimum", x: [lassoWeights[0]], y: [lassoWeights[1]], style: .markers, color: Palette.color(0), markerSize: 12))
        series.append(.init(name: "ridge optimum", x: [ridgeWeights[0]], y: [ridgeWeights[1]], style: .markers, color: Palette.color(1), markerSize: 12))
        series.append(.init(name: "least squares", x: [unconstrained[0]], y: [unconstrained[1]], style: .markers, color: "#000000", markerSize: 10))
        let reach = Swift.max(unconstrained.norm(.infinity), budget) * 1.35
        let low0 = Swift.min(-budget, unconstrained[0]) - 0.15 * reach, high0 = Swift.max(budget, unconstrained[0]) + 0.15 * reach
        let low1 = Swift.min(-budget, unconstrained[1]) - 0.15 * reach, high1 = Swift.max(budget, unconstrained[1]) + 0.15 * reach
        page.subheading("The diamond and the disc")
        page.paragraph("""
            Why L1 makes zeros: with two features (\(names[0]) and \(names[1])), the penalized problems are the constrained ones \
            min L(w) subject to ‖w‖₁ ≤ t or ‖w‖₂ ≤ t, L(w) = (1/2n)‖y − Xw‖², whose contours are ellipses around the \
            least-squares weights (\(TourPage.number(unconstrained[0])), \(TourPage.number(unconstrained[1]))). Shrinking \
            the ellipses until they first touch the set: the L1 ball is a diamond whose corners stick out along the axes, so \
            it is usually touched at a corner, where one weight is exactly 0; the L2 ball is a disc with no corners, \
            touched where both weights are non-zero. Here the lasso at α = \(TourPage.number(lasso.alpha)) gives \
            w = (\(TourPage.number(lassoWeights[0])), \(TourPage.number(lassoWeights[1]))), so t = ‖w‖₁ = \(TourPage.number(budget)); \
            ridge with the same budget ‖w‖₂ = t (α = \(TourPage.number(ridgeAlpha)) found by bisection) gives \
            w = (\(TourPage.number(ridgeWeights[0])), \(TourPage.number(ridgeWeights[1]))).
            """)
        page.figure("geometry", LineChart(
            title: "Loss contours, L1 and L2 balls (t = \(TourPage.number(budget)))",
            xAxis: Axis("weight of \(names[0])", range: low0...high0), yAxis: Axis("weight of \(names[1])", range: low1...high1),
            series: series, equalAspect: true, width: 720, height: 520),
            caption: """
                Contours of L(w) on diabetes (two features, standardized), the diamond ‖w‖₁ ≤ t and the disc ‖w‖₂ ≤ t. \
                The contour through the lasso optimum touches the diamond at its corner on the \(names[lassoZero == 1 ? 0 : 1]) axis; \
                the one through the ridge optimum touches the disc off the axes.
                """)
        page.check("""
            The lasso optimum is a corner of the diamond: \(lassoZero.map { "w_\(names[$0]) = 0 exactly" } ?? "no weight is 0") \
            and ‖w‖₁ = t
            """, lassoZero != nil && Swift.abs(budget - lassoWeights.norm(.one)) < 1e-12)
        page.check("""
            No point of the diamond's boundary (\(samples) sampled) has a lower loss than the lasso optimum \
            (\(TourPage.number(bestOnDiamond, digits: 8)) vs \(TourPage.number(lassoLoss, digits: 8)))
            """, lassoLoss <= bestOnDiamond + 1e-9 * lassoLoss)
        page.check("""
            The ridge optimum lies on the disc (‖w‖₂ = \(TourPage.number(ridgeWeights.norm(), digits: 8)) = t) with both weights \
            non-zero, and no sampled point of the circle does better (\(TourPage.number(bestOnDisc, digits: 8)) vs \
            \(TourPage.number(ridgeLoss, digits: 8)))
            """, Swift.abs(ridgeWeights.norm() - budget) < 1e-6 * budget && ridgeWeights.scalars.allSatisfy { $0 != 0 }
                && ridgeLoss <= bestOnDisc + 1e-9 * ridgeLoss)
        page.fact("geometry_budget", budget)
        page.fact("geometry_lasso_alpha", lasso.alpha)
        page.fact("geometry_lasso_zero_weights", Double(lassoWeights.scalars.filter { $0 == 0 }.count))
        page.fact("geometry_ridge_zero_weights", Double(ridgeWeights.scalars.filter { $0 == 0 }.count))
        page.fact("geometry_ridge_alpha", ridgeAlpha)
    }
}

/// Why a section could not draw what it meant to.
enum RegularizationSectionError: Error, CustomStringConvertible {
    /// No lasso model on the two-feature path had exactly one non-zero weight.
    case noCorner

    var description: String {
        switch self {
        case .noCorner: return "no lasso model on the two-feature path has exactly one non-zero weight"
        }
    }
}
