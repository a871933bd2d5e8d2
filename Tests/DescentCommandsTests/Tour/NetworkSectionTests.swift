@testable import DescentCommands
import DescentCore
import DescentNeural
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import _TestSupport

/// Section 8 of the tour ("network"), run once in quick mode: its claims hold, its key numbers
/// agree with exact mathematics computed independently here, and its figures are valid SVG.
@Suite("tour section: network")
struct NetworkSectionTests {
    static let options = TourOptions(quick: true, seed: 0)
    static let result = Tour.run([NetworkSection()], options: options)
    static var page: TourPage { result.page("network")! }

    /// The section's own fact, which must exist.
    func fact(_ name: String) throws -> Double { try #require(Self.page.fact(name), "fact \(name) missing") }

    @Test("the section runs without error and every claim it checks holds")
    func claimsHold() {
        #expect(Self.result.failures.isEmpty, "\(Self.result.failures)")
        #expect(Self.page.checks.count >= 10)
    }

    @Test("both spectral densities integrate to 1 (SLQ's Gauss rules carry unit mass)")
    func densitiesIntegrateToOne() throws {
        // The trapezoid rule on a grid with ~1.5 points per σ integrates each Gaussian to ~1e-8.
        expectClose(try fact("density_integral_initial"), 1, rtol: 0, atol: 1e-6)
        expectClose(try fact("density_integral_trained"), 1, rtol: 0, atol: 1e-6)
    }

    @Test("λmax and λmin at θ₀ are the extreme eigenvalues of the dense Hessian of the same risk")
    func lambdaMaxMatchesDenseHessian() throws {
        let size = NetworkTourSize.quick
        let data = DigitsSplit(size: size, seed: Self.options.seed)
        let network = try Sequential.perceptron(inputFeatures: 64, hidden: [size.hidden], outputs: 10, activation: .tanh)
        let risk = try NetworkRisk(network: network, loss: .softmaxCrossEntropy, inputs: data.trainingInputs, targets: data.trainingLabels)
        let dense = try NetworkCurvature(.hessian, of: risk, at: network.initialParameters(seed: Self.options.seed)).matrix()
        let eigenvalues = try SymmetricEigen(dense).eigenvalues.scalars
        // Lanczos converged to 1e-8 relative residual; LAPACK's eigenvalues are backward stable (~P·ε·‖H‖).
        expectClose(try fact("lambda_max_initial"), eigenvalues.last!, rtol: 1e-7)
        // The section's λmin comes from Lanczos at tolerance 1e-6 × ‖H‖ (‖H‖ ≈ 2): a residual r bounds the
        // eigenvalue error by r, so 1e-5 absolute.
        expectClose(try fact("lambda_min_initial"), eigenvalues.first!, rtol: 0, atol: 1e-5)
    }

    @Test("gradient descent: below 2/η with the gentle step, held near 2/η with the large one, and the loss falls")
    func edgeOfStability() throws {
        #expect(try fact("sharpness_ratio_gentle_max") < 1)
        let (peak, last) = (try fact("sharpness_ratio_max"), try fact("sharpness_ratio_final"))
        // The edge run's η puts 2/η at 90% of the gentle run's peak: it must reach the edge (ratio near 1).
        #expect(peak > 0.95 && peak <= 1.25 && last <= 1)
        let (final, initial) = (try fact("gd_loss_final"), try fact("gd_loss_initial"))
        #expect(final < initial)
        // η_gentle = 1/λmax(θ₀), the density's λmax from the same Lanczos settings (rounding only).
        expectClose(try fact("learning_rate_gentle") * fact("lambda_max_initial"), 1, rtol: 1e-12)
    }

    @Test("Adam, K-FAC and Hessian-free all end below the loss at θ₀ = ln 10 or so")
    func raceLowersTheLoss() throws {
        let start = try fact("gd_loss_initial")
        for name in ["adam", "k_fac", "hessian_free"] {
            let final = try fact("final_loss_\(name)")
            #expect(final < start)
        }
    }

    @Test("the NTK's extreme eigenvalues are the squared extreme singular values of J, and 2/(n·k) of them the Gauss–Newton λmax")
    func kernelAgainstJacobian() throws {
        let size = NetworkTourSize.quick
        let data = DigitsSplit(size: size, seed: Self.options.seed)
        let network = try Sequential.perceptron(inputFeatures: 64, hidden: [size.hidden], outputs: 10, activation: .tanh)
        let theta0 = network.initialParameters(seed: Self.options.seed)
        let batch = data.trainingInputs.slice(rows: 0..<size.kernelExamples, columns: 0..<64)
        let sigma = try SVD(network.parameterJacobian(theta0, inputs: batch)).singularValues.scalars
        // SVD and the symmetric eigensolver are both backward stable: λ = σ² to ~κ(Θ)·ε relative for
        // the smallest (κ ≈ 1e4 here), to ε for the largest.
        expectClose(try fact("ntk_lambda_max_initial"), sigma.max()! * sigma.max()!, rtol: 1e-10)
        expectClose(try fact("ntk_lambda_min_initial"), sigma.min()! * sigma.min()!, rtol: 1e-8)
        // For the mean squared error over n·k outputs the Gauss–Newton matrix is (2/(n·k))·JᵀJ, whose
        // nonzero eigenvalues are (2/(n·k)) times Θ's: a matrix-free path (Lanczos on JᵀBJ products).
        let (n, k) = (size.kernelExamples, 10)
        let risk = try NetworkRisk(network: network, loss: .meanSquaredError, inputs: batch, targets: Tensor.zeros([n, k]))
        let top = try lanczos(NetworkCurvature(.gaussNewton, of: risk, at: theta0), count: 1, options: IterativeOptions(tolerance: 1e-10))
        let kernelMax = try fact("ntk_lambda_max_initial")
        expectClose(top.eigenvalues.scalars[0], 2 / Double(n * k) * kernelMax, rtol: 1e-8)
    }

    @Test("the NTK is well defined: condition numbers ≥ 1 and finite")
    func kernelCondition() throws {
        for name in ["ntk_condition_initial", "ntk_condition_trained"] {
            let kappa = try fact(name)
            #expect(kappa >= 1 && kappa.isFinite)
        }
    }

    @Test("every LoRA rank beats the unadapted network on the mirrored digits")
    func adaptation() throws {
        let before = try fact("mirrored_accuracy_before")
        let pretrained = try fact("pretrained_accuracy")
        #expect(before < pretrained)
        for rank in [1, 2, 4, 8] {
            let accuracy = try fact("lora_accuracy_rank_\(rank)")
            #expect(accuracy > before)
        }
        let full = try fact("full_fine_tuning_accuracy")
        #expect(full > before)
    }

    @Test("five figures, each valid SVG naming its series")
    func figures() throws {
        let expected: [String: [String]] = [
            "network-density": ["θ₀", "GD steps"],
            "network-sharpness": ["λmax, η = ", "2/η = "],
            "network-race": ["Adam", "K-FAC", "Hessian-free"],
            "network-ntk": ["at initialization", "after training"],
            "network-lora": ["r = 1", "r = 8", "full"],
        ]
        #expect(Set(Self.page.figures.map(\.name)) == Set(expected.keys))
        for figure in Self.page.figures {
            #expect(figure.svg.contains("<svg") && figure.svg.contains("</svg>"))
            let parser = XMLParser(data: Data(figure.svg.utf8))
            #expect(parser.parse(), "\(figure.name) does not parse: \(String(describing: parser.parserError))")
            for name in expected[figure.name] ?? [] {
                #expect(figure.svg.contains(name), "\(figure.name) lacks \(name)")
            }
        }
    }

    @Test("the same seed gives the same figures, byte for byte, and the same key numbers")
    func deterministic() {
        let again = Tour.run([NetworkSection()], options: Self.options).page("network")!
        #expect(again.figures == Self.page.figures)
        #expect(again.facts.map(\.name) == Self.page.facts.map(\.name))
        #expect(again.facts.map(\.value) == Self.page.facts.map(\.value))
    }
}
