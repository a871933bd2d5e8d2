import DescentCore
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// `RecurrenceStability`: ρ(W) against NumPy's eigvals (Tools/references/curvature.py), verdicts,
/// the measured growth ‖Wᵗv‖ against ρᵗ (the RNN example), and bad input.
@Suite("Recurrence stability")
struct RecurrenceStabilityTests {
    static func cases() throws -> [String: ReferenceData] {
        let list = try ReferenceData.load("curvature").cases("stability")
        return Dictionary(uniqueKeysWithValues: list.map { ($0.string("name"), $0) })
    }

    static func matrix(_ c: ReferenceData) -> Tensor { c.tensor("w") }

    @Test func spectralRadiusMatchesNumPy() throws {
        for (name, c) in try Self.cases() {
            let result = try RecurrenceStability(matrix: Self.matrix(c), steps: 10)
            // dgeev on both sides; well-conditioned eigenvalues of matrices with entries ≤ 5.
            expectClose(result.spectralRadius, c.double("spectral_radius"), rtol: 1e-13, "\(name): dgeev vs NumPy (dgeev)")
            let moduli = zip(c.doubles("eigenvalues_real"), c.doubles("eigenvalues_imaginary")).map { Foundation.hypot($0, $1) }
            #expect(moduli.contains { Swift.abs($0 - result.spectralRadius) <= 1e-13 * result.spectralRadius })
        }
    }

    @Test func verdicts() throws {
        let cases = try Self.cases()
        let expected: [String: RecurrenceStability.Verdict] = [
            "rnn_decaying": .stable, "rnn_exploding": .unstable, "non_normal": .stable, "random5": .stable,
            "orthogonal3": .marginal, "complex3": .unstable,
        ]
        for (name, verdict) in expected {
            #expect(try RecurrenceStability(matrix: Self.matrix(cases[name]!), steps: 5).verdict == verdict, "\(name)")
        }
    }

    @Test func rnnGrowthFollowsSpectralRadius() throws {
        let cases = try Self.cases()
        // W = ρ·(a rotation): ‖Wᵗv‖ = ρᵗ exactly for every unit v, and the complex pair 0.5 ± 0.8i has modulus √0.89.
        for name in ["rnn_decaying", "rnn_exploding"] {
            let result = try RecurrenceStability(matrix: Self.matrix(cases[name]!), steps: 40, seed: 1)
            let rho = result.spectralRadius
            #expect(Swift.abs(result.dominantEigenvalueImaginary) > 0, "a complex dominant pair")
            for t in [1, 10, 40] {
                expectClose(result.norms[t - 1], Foundation.pow(rho, Double(t)), rtol: 1e-13, "\(name): t rounded products")
            }
            expectClose(result.fittedRate, rho, rtol: 1e-13, "\(name): a straight line in ln‖Wᵗv‖")
        }
        #expect(try RecurrenceStability(matrix: Self.matrix(cases["rnn_exploding"]!), steps: 40).norms.last! > 100)
    }

    @Test func nonNormalMatrixGrowsBeforeItDecays() throws {
        // ρ = 0.9 but ‖W‖₂ ≈ 5: the first products grow; the second half decays at ρ (the 0.8 mode
        // is (0.8/0.9)^50 ≈ 3e-3 of it by t = 50, so the fitted factor is 0.9 to about 1e-4).
        let w = Self.matrix(try Self.cases()["non_normal"]!)
        let result = try RecurrenceStability(matrix: w, steps: 100)
        #expect(result.verdict == .stable)
        #expect(result.norms.prefix(10).max()! > 1, "transient growth")
        expectClose(result.fittedRate, 0.9, rtol: 2e-4, "the 0.8 mode's remaining share")
        #expect(result.norms.last! < 1e-2, "0.9¹⁰⁰ ≈ 2.7e-5 times the transient gain")
    }

    @Test func vanishingAndOverflowingProducts() throws {
        // A nilpotent W: W²v = 0, so the fitted factor is 0 (and the logarithms −∞, not NaN).
        let nilpotent = try RecurrenceStability(matrix: Tensor(shape: [2, 2], scalars: [0, 1, 0, 0]), steps: 4)
        #expect(nilpotent.spectralRadius == 0 && nilpotent.fittedRate == 0)
        #expect(nilpotent.norms[1...] == [0, 0, 0])
        // ρ = 1e10 for 40 steps: ρᵗ overflows, the logarithms do not.
        let huge = try RecurrenceStability(matrix: Tensor(shape: [1, 1], scalars: [1e10]), steps: 40)
        #expect(huge.norms.last == .infinity)
        expectClose(huge.logNorms.last!, 40 * Foundation.log(1e10), rtol: 1e-14, "summed logarithms")
        expectClose(huge.fittedRate, 1e10, rtol: 1e-12, "exp of the fitted slope")
    }

    @Test func badInput() throws {
        let error = #expect(throws: LinearAlgebraError.self) { try RecurrenceStability(matrix: Tensor.zeros([2, 3])) }
        #expect("\(error!)".contains("(2, 3)"))
        #expect(throws: LinearAlgebraError.self) {
            try RecurrenceStability(matrix: Tensor(shape: [2, 2], scalars: [1, .nan, 0, 1]))
        }
        #expect(throws: CurvatureError.countTooSmall(what: "steps", count: 1, minimum: 2)) {
            try RecurrenceStability(matrix: Tensor.identity(2), steps: 1)
        }
        #expect(throws: CurvatureError.emptyPoint) { try RecurrenceStability(matrix: Tensor.zeros([0, 0])) }
    }
}
