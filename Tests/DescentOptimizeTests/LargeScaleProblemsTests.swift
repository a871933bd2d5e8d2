import DescentCore
import DescentOptimize
import _TestSupport
import Testing
import Foundation

/// The large-scale set agrees with the JAX definitions at the sizes it runs at
/// (Tools/references/mgh_suite.py, n = 1000 for most), and its stated minimizers give f* = 0.
@Suite struct LargeScaleProblemsTests {
    static let references = try! ReferenceData.load("mgh_suite")

    /// The Swift constructor of each JSON entry.
    static let constructors: [String: @Sendable (Int) -> TestProblem] = [
        "extended-rosenbrock": { MoreGarbowHillstrom.extendedRosenbrock(dimension: $0) },
        "extended-powell-singular": { MoreGarbowHillstrom.extendedPowellSingular(dimension: $0) },
        "broyden-tridiagonal": { MoreGarbowHillstrom.broydenTridiagonal(dimension: $0) },
        "broyden-banded": { MoreGarbowHillstrom.broydenBanded(dimension: $0) },
        "discrete-boundary-value": { MoreGarbowHillstrom.discreteBoundaryValue(dimension: $0) },
        "discrete-integral-equation": { MoreGarbowHillstrom.discreteIntegralEquation(dimension: $0) },
        "penalty-1": { MoreGarbowHillstrom.penaltyI(dimension: $0) },
        "penalty-2": { MoreGarbowHillstrom.penaltyII(dimension: $0) },
        "trigonometric": { MoreGarbowHillstrom.trigonometric(dimension: $0) },
        "variably-dimensioned": { MoreGarbowHillstrom.variablyDimensioned(dimension: $0) },
        "chebyquad": { MoreGarbowHillstrom.chebyquad(dimension: $0) },
        "arwhead": { LargeScaleProblems.arrowhead(dimension: $0) },
        "tridia": { LargeScaleProblems.tridiagonal(dimension: $0) },
        "dqdrtic": { LargeScaleProblems.diagonalQuadratic(dimension: $0) },
        "quartc": { LargeScaleProblems.quartic(dimension: $0) },
        "engval1": { LargeScaleProblems.engval1(dimension: $0) },
    ]

    @Test func valuesAndGradientsMatchJAXAtLargeN() throws {
        let cases = Self.references.cases("large")
        #expect(cases.count == Self.constructors.count)
        for ref in cases {
            let name = ref.string("name")
            let build = try #require(Self.constructors[name], "a Swift constructor for \(name)")
            let p = build(ref.int("n"))
            let second = Tensor(p.start.scalars.enumerated().map { i, v in v + 0.1 * Foundation.sin(Double(i + 1)) * max(1, abs(v)) })
            for (point, suffix) in [(p.start, "start"), (second, "second")] {
                let (f, g) = p.objective.valueAndGradient(point)
                // Sums over 1000 terms in a different order than JAX's: 1e-12 relative still holds, except for
                // the trigonometric function at x₀ = (1/n, …), where n − Σ cos xⱼ = 1000 − 999.9995 cancels six
                // digits: each side's rounding (≈ n·ε) is then ≈ 2·10⁻¹⁰ relative to the residuals.
                let rtol = name == "trigonometric" && suffix == "start" ? 1e-8 : 1e-12
                expectClose(f, ref.double("f_\(suffix)"), rtol: rtol, "\(p.name): f at the \(suffix) point")
                let expected = ref.tensor("gradient_\(suffix)")
                expectClose(g, expected, rtol: rtol, atol: rtol * expected.norm(.infinity), "\(p.name): ∇f at the \(suffix) point")
            }
        }
    }

    @Test func setHasTheStatedSizes() {
        let problems = LargeScaleProblems.all(dimension: 1000)
        #expect(problems.count == 16)
        #expect(Set(problems.map(\.name)).count == problems.count, "names are unique")
        for p in problems {
            let expected = p.name.contains("chebyquad") || p.name.contains("penalty-2") ? 100 : 1000
            #expect(p.start.count == expected, "\(p.name): n")
        }
        #expect(LargeScaleProblems.all(dimension: 4000).contains { $0.name == "mgh29-discrete-integral-equation-n1000" },
                "the dense-kernel problem stays at n = 1000")
    }

    @Test func statedMinimizersGiveTheMinimum() {
        for p in LargeScaleProblems.all(dimension: 40) {
            guard let x = p.minimizer, let minimum = p.minimum else { continue }
            #expect(p.objective.value(x) == minimum, "\(p.name): f(x*) = f* exactly (integer data)")
        }
        // TRIDIA's minimizer x₁ = 1, xᵢ = xᵢ₋₁/2 (powers of two: exact).
        let tridia = LargeScaleProblems.tridiagonal(dimension: 40)
        var x = Tensor.ones([40])
        for i in 1..<40 { x[i] = x[i - 1] / 2 }
        #expect(tridia.objective.value(x) == 0)
    }
}
