import DescentCore
import DescentOptimize
import _TestSupport
import Testing

/// The 35 Moré–Garbow–Hillstrom problems agree with an independent JAX implementation
/// (Tools/references/mgh_suite.py): sizes, starts, f and ∇f at the start and a second point, the Hessian
/// at the start, the residuals, and the minimum values (the LM minimizer found by MINPACK gives f*).
@Suite struct MoreGarbowHillstromTests {
    static let references = try! ReferenceData.load("mgh_suite")

    /// Each Swift problem beside its JSON entry (same order: the paper's numbering).
    static var pairs: [(problem: TestProblem, reference: ReferenceData)] {
        let cases = references.cases("problems")
        return Array(zip(MoreGarbowHillstrom.all, cases))
    }

    @Test func collectionHasThePapersThirtyFiveProblemsInOrder() {
        let problems = MoreGarbowHillstrom.all
        #expect(problems.count == 35)
        for (k, pair) in Self.pairs.enumerated() {
            #expect(pair.reference.int("number") == k + 1)
            #expect(pair.problem.name.hasPrefix(String(format: "mgh%02d-", k + 1) + pair.reference.string("name")),
                    "\(pair.problem.name) vs \(pair.reference.string("name"))")
            #expect(MoreGarbowHillstrom.problem(number: k + 1).name == pair.problem.name)
        }
        #expect(Set(problems.map(\.name)).count == 35, "names are unique")
    }

    @Test func sizesStartsAndResidualsMatch() throws {
        for (p, ref) in Self.pairs {
            // The same decimal constants and t = j/(n + 1) formulas; 1e-15 covers the JSON decimal reading.
            expectClose(p.start, ref.tensor("start"), rtol: 1e-15, "\(p.name): standard start")
            #expect(p.start.count == ref.int("n"), "\(p.name): n")
            let leastSquares = try #require(p.leastSquares, "\(p.name) is a sum of squares")
            let r = leastSquares.residuals(p.start) / 2.0.squareRoot()
            #expect(r.count == ref.int("m"), "\(p.name): m")
            // Residuals are sums of a few terms; 1e-12 relative to the largest leaves room for their rounding.
            let expected = ref.tensor("residuals_start")
            expectClose(r, expected, rtol: 1e-12, atol: 1e-12 * expected.norm(.infinity), "\(p.name): residuals at x₀")
            expectClose(leastSquares.objective.value(p.start), p.objective.value(p.start), rtol: 1e-14,
                        "\(p.name): ½‖√2·r‖² is f (rounding of the √2 scaling only)")
        }
    }

    @Test func valuesAndGradientsMatchJAX() {
        for (p, ref) in Self.pairs {
            for (point, suffix) in [(p.start, "start"), (ref.tensor("second_point"), "second")] {
                let (f, g) = p.objective.valueAndGradient(point)
                // 1e-12 relative: the same formula in a different operation order (JAX vs our graph).
                expectClose(f, ref.double("f_\(suffix)"), rtol: 1e-12, "\(p.name): f at the \(suffix) point")
                let expected = ref.tensor("gradient_\(suffix)")
                // A component may cancel (Σ of terms far larger than the sum): measure it against ‖∇f‖∞.
                expectClose(g, expected, rtol: 1e-12, atol: 1e-12 * expected.norm(.infinity), "\(p.name): ∇f at the \(suffix) point")
                expectClose(p.objective.value(point), f, rtol: 1e-14, "\(p.name): value-only path agrees with value-and-gradient")
            }
        }
    }

    @Test func hessiansMatchJAX() {
        for (p, ref) in Self.pairs where ref.has("hessian_start") {
            let expected = ref.tensor("hessian_start")
            let h = p.objective.hessian!(p.start)
            // Second derivatives: two reverse sweeps' rounding, measured against the largest entry.
            expectClose(h, expected, rtol: 1e-11, atol: 1e-11 * expected.norm(.infinity), "\(p.name): ∇²f at x₀")
            let v = Tensor(shape: [p.start.count]) { Double($0 % 3) - 0.5 }
            expectClose(p.objective.hessianVectorProduct!(p.start, v), matmul(expected, v.reshaped([v.count, 1])).reshaped([v.count]),
                        rtol: 1e-11, atol: 1e-11 * expected.norm(.infinity) * v.norm(.one), "\(p.name): ∇²f·v at x₀")
        }
    }

    @Test func minimaMatchThePolishedReferences() throws {
        for (p, ref) in Self.pairs {
            let minimum = try #require(p.minimum, "\(p.name) states f*")
            // The suite's f* is the global one; the first printed value in the paper's list.
            let paper = ref.doubles("paper_minima")
            expectClose(minimum, ref.double("minimum"), rtol: 1e-15, atol: 0, "\(p.name): f* as polished by MINPACK")
            expectClose(minimum, paper[0], rtol: 1e-5, atol: 0, "\(p.name): f* agrees with the paper's 6 printed digits")
            #expect(p.localMinima.count == paper.count - 1,
                    "\(p.name): local minima listed as in the paper")
            if ref.has("minimizer") {
                // Our f at MINPACK's minimizer: the same value to rounding (f is flat there).
                expectClose(p.objective.value(ref.tensor("minimizer")), minimum, rtol: 1e-12, "\(p.name): f(x*) = f*")
            }
            if let x = p.minimizer { expectClose(p.objective.value(x), minimum, rtol: 1e-14, atol: 1e-24, "\(p.name): f at the stated minimizer (rounding only)") }
        }
    }
}
