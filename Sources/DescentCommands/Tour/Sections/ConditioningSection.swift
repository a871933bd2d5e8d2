// Section 6 of the tour: the condition number, how ridge lowers it, and what it does to gradient descent.
import DescentCore
import DescentLearn
import DescentOptimize
import DescentPlot
import Foundation

/// Conditioning: κ(XᵀX) = λmax/λmin on standardized diabetes, and with a ridge penalty α, which shifts
/// every eigenvalue of the Hessian XᵀX + αI by α: κ_α = (λmax + α)/(λmin + α) < κ for α > 0.
///
/// Gradient descent with step 1/(λmax + α) on f(w) = ½‖y − Xw‖² + ½α‖w‖² shrinks the error along
/// the eigenvector of λmin by 1 − 1/κ_α per step, so ‖w_k − w*‖ ≤ (1 − 1/κ_α)ᵏ‖w₀ − w*‖ and the
/// iterations to the relative accuracy ε are at most k(ε) = ⌈ln ε / ln(1 − 1/κ_α)⌉ ≈ κ_α·ln(1/ε).
/// The section counts the iterations each run really needs from w₀ = 0 and sets them against k(ε).
public struct ConditioningSection: TourSection {
    public let id = "conditioning"
    public let title = "Conditioning"
    public let activity = "running gradient descent on diabetes with and without ridge"

    public init() {}

    /// The ridge penalties α (in the units of XᵀX, as scikit-learn's `Ridge`).
    static let alphas: [Double] = [0, 1, 10, 100, 1000]

    /// One penalty's run.
    struct Run {
        var alpha: Double
        var kappa: Double
        var measured: Int?
        var predicted: Int
        /// ‖w*‖₂ of the ridge solution the run converges to.
        var solutionNorm: Double
    }

    public func write(to page: inout TourPage, options: TourOptions) throws {
        let data = try StandardizedDiabetes()
        let accuracy = options.size(full: 1e-8, quick: 1e-4)
        let lambdaMin = data.gramEigenvalues[0], lambdaMax = data.gramEigenvalues[data.columns - 1]
        var runs: [Run] = []
        for alpha in Self.alphas {
            let solution = try Ridge(alpha: alpha, solver: .cholesky).fit(data.features, data.target).coefficients
            let kappa = (lambdaMax + alpha) / (lambdaMin + alpha)
            let predicted = Int((log(accuracy) / log(1 - 1 / kappa)).rounded(.up))
            let descent = QuadraticGradientDescent(x: data.features, y: data.target, alpha: alpha, largestEigenvalue: lambdaMax)
            let measured = try descent.iterations(toReach: solution, accuracy: accuracy, maxIterations: 2 * predicted + 10)
            runs.append(Run(alpha: alpha, kappa: kappa, measured: measured, predicted: predicted, solutionNorm: solution.norm()))
        }
        let plain = runs[0]

        page.paragraph("""
            The condition number κ = λmax/λmin of the Hessian decides how fast gradient descent converges on a \
            quadratic. For least squares on standardized diabetes the Hessian is XᵀX, with eigenvalues from \
            λmin = \(TourPage.number(lambdaMin)) to λmax = \(TourPage.number(lambdaMax)): κ = \(TourPage.number(plain.kappa)). \
            A ridge penalty ½α‖w‖² adds αI to the Hessian, which lifts every eigenvalue by α: \
            κ_α = (λmax + α)/(λmin + α). The small eigenvalue gains relatively far more than the large one, so κ drops fast.
            """)
        page.paragraph("""
            Gradient descent with step 1/(λmax + α) from w₀ = 0 shrinks the error along the eigenvector of λmin by \
            1 − 1/κ_α per step, so it reaches ‖w_k − w*‖ ≤ ε‖w*‖ within k(ε) = ⌈ln ε / ln(1 − 1/κ_α)⌉ ≈ κ_α·ln(1/ε) \
            iterations. Below, ε = \(TourPage.number(accuracy)), w* is the Cholesky solution of (XᵀX + αI)w = Xᵀy, and \
            "measured" is the first iteration of the run that met the accuracy.
            """)
        page.table(header: ["α", "κ_α = (λmax + α)/(λmin + α)", "measured iterations", "predicted k(ε)", "measured/predicted"],
                   rows: runs.map { r in
                       [.number(r.alpha), .number(r.kappa), r.measured.map { .number(Double($0)) } ?? "not reached",
                        .number(Double(r.predicted)), r.measured.map { .number(Double($0) / Double(r.predicted)) } ?? ""]
                   })
        let kappas = runs.map(\.kappa)
        page.figure("iterations", LineChart(
            title: "Gradient descent on diabetes: iterations to ε = \(TourPage.number(accuracy))",
            xAxis: Axis("condition number κ_α = (λmax + α)/(λmin + α)", scale: .log10),
            yAxis: Axis("iterations to ‖w_k − w*‖ ≤ ε‖w*‖", scale: .log10),
            series: [.init(name: "predicted ⌈ln ε / ln(1 − 1/κ)⌉", x: kappas, y: runs.map { Double($0.predicted) }, style: .lineAndMarkers, dash: "6 3"),
                     .init(name: "measured", x: kappas, y: runs.map { $0.measured.map(Double.init) ?? .nan }, style: .markers)]),
            caption: """
                One point per ridge penalty α = \(Self.alphas.map { TourPage.number($0) }.joined(separator: ", ")) (right to left): \
                the iterations gradient descent needed, against the (1 − 1/κ)ᵏ prediction.
                """)
        let allReached = runs.allSatisfy { $0.measured != nil }
        page.check("""
            Ridge lowers the condition number: κ = \(TourPage.number(plain.kappa)) without a penalty, \
            \(runs.dropFirst().map { "κ_\(TourPage.number($0.alpha)) = \(TourPage.number($0.kappa))" }.joined(separator: ", "))
            """, zip(kappas, kappas.dropFirst()).allSatisfy { $1 < $0 })
        page.check("Every run reaches the accuracy within the predicted number of iterations", allReached && runs.allSatisfy { ($0.measured ?? .max) <= $0.predicted })
        let ratios = runs.compactMap { r in r.measured.map { Double($0) / Double(r.predicted) } }
        page.check("""
            The prediction is tight, not just an upper bound: measured/predicted between \
            \(TourPage.number(ratios.min() ?? .nan, digits: 2)) and \(TourPage.number(ratios.max() ?? .nan, digits: 2))
            """, (ratios.min() ?? 0) > 0.5)
        page.check("Fewer iterations as κ falls (\(runs.map { $0.measured.map(String.init) ?? "—" }.joined(separator: ", ")))",
                   allReached && zip(runs, runs.dropFirst()).allSatisfy { ($1.measured ?? .max) <= ($0.measured ?? 0) })
        page.fact("lambda_min", lambdaMin)
        page.fact("lambda_max", lambdaMax)
        page.fact("kappa", plain.kappa)
        page.fact("accuracy", accuracy)
        for r in runs {
            let suffix = "alpha_\(Int(r.alpha))"
            page.fact("kappa_\(suffix)", r.kappa)
            page.fact("measured_iterations_\(suffix)", r.measured.map(Double.init) ?? .nan)
            page.fact("predicted_iterations_\(suffix)", Double(r.predicted))
            page.fact("solution_norm_\(suffix)", r.solutionNorm)
        }
    }
}
