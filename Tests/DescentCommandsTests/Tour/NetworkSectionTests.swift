@testable import DescentCommands
import DescentCore
import DescentNeural
import Foundation
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

    @Test("λmax at θ₀ is the largest eigenvalue of the dense Hessian of the same risk")
    func lambdaMaxMatchesDenseHessian() throws {
        let size = NetworkTourSize.quick
        let data = DigitsSplit(size: size, seed: Self.options.seed)
        let network = try Sequential.perceptron(inputFeatures: 64, hidden: [size.hidden], outputs: 10, activation: .tanh)
        let risk = try NetworkRisk(network: network, loss: .softmaxCrossEntropy, inputs: data.trainingInputs, targets: data.trainingLabels)
        let dense = try NetworkCurvature(.hessian, of: risk, at: network.initialParameters(seed: Self.options.seed)).matrix()
        let eigenvalues = try SymmetricEigen(dense).eigenvalues.scalars
        // Lanczos converged to 1e-8 relative residual; LAPACK's eigenvalues are backward stable (~P·ε·‖H‖).
        expectClose(try fact("lambda_max_initial"), eigenvalues.last!, rtol: 1e-7)
    }

    @Test("gradient descent stays below the edge of stability, and lowers the loss")
    func edgeOfStability() throws {
        let ratio = try fact("sharpness_ratio_max")
        #expect(ratio > 0 && ratio <= 1.1)
        #expect(try fact("gd_loss_final") < fact("gd_loss_initial"))
        expectClose(try fact("learning_rate") * fact("lambda_max_initial"), 1, rtol: 1e-12)
    }

    @Test("Adam, K-FAC and Hessian-free all end below the loss at θ₀ = ln 10 or so")
    func raceLowersTheLoss() throws {
        let start = try fact("gd_loss_initial")
        for name in ["adam", "k_fac", "hessian_free"] {
            #expect(try fact("final_loss_\(name)") < start)
        }
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
        #expect(before < fact("pretrained_accuracy"))
        for rank in [1, 2, 4, 8] { #expect(try fact("lora_accuracy_rank_\(rank)") > before) }
        #expect(try fact("full_fine_tuning_accuracy") > before)
    }

    @Test("five figures, each valid SVG naming its series")
    func figures() throws {
        let expected: [String: [String]] = [
            "network-density": ["at initialization", "after"],
            "network-sharpness": ["λ₁", "λ₂", "2/η"],
            "network-race": ["Adam", "K-FAC", "Hessian-free"],
            "network-ntk": ["at initialization", "after training"],
            "network-lora": ["r = 1", "r = 8", "full"],
        ]
        #expect(Set(Self.page.figures.map(\.name)) == Set(expected.keys))
        for figure in Self.page.figures {
            #expect(figure.svg.hasPrefix("<svg") && figure.svg.hasSuffix("</svg>\n") || figure.svg.contains("</svg>"))
            let parser = XMLParser(data: Data(figure.svg.utf8))
            #expect(parser.parse(), "\(figure.name) does not parse: \(String(describing: parser.parserError))")
            for name in expected[figure.name] ?? [] {
                #expect(figure.svg.contains(name), "\(figure.name) lacks \(name)")
            }
        }
    }
}
