import CDescentVectorMath
import DescentCore
import DescentOptimize
import Testing
import _TestSupport

/// The vectorized Adam kernel (CDescentVectorMath's AdamStep.c): every variant this machine runs
/// must match the scalar formula bit for bit, at every length (vector bodies and scalar tails),
/// in both modes (write u / add factor·u) and with NAdam's look-ahead and ε_root in play.
@Suite("Adam step kernel")
struct AdamKernelTests {
    /// The formula of `ScaleByAdam`, written out in Swift: the independent expectation.
    func expected(_ g: [Double], _ m: [Double], _ v: [Double], _ out: [Double], _ c: DescentAdamCoefficients,
                  accumulate: Bool) -> (m: [Double], v: [Double], out: [Double]) {
        var m = m, v = v, out = out
        for i in g.indices {
            m[i] = (1 - c.beta1) * g[i] + c.beta1 * m[i]
            v[i] = (1 - c.beta2) * (g[i] * g[i]) + c.beta2 * v[i]
            let u = (c.a * m[i] + c.b * g[i]) / ((v[i] * c.inverseCorrection2 + c.epsilonRoot).squareRoot() + c.epsilon)
            out[i] = accumulate ? out[i] + u * c.factor : u
        }
        return (m, v, out)
    }

    @Test("every variant equals the scalar formula exactly, lengths 0–3, 7–9, 15–17, 1001; both modes; Adam and NAdam")
    func variantsAreBitIdentical() {
        var generator = SeededGenerator(seed: 42)
        let coefficientSets = [
            // Adam at step 3: a = 1/(1 − β₁³), b = 0.
            DescentAdamCoefficients(beta1: 0.9, beta2: 0.999, a: 1 / (1 - 0.729), b: 0, inverseCorrection2: 1 / (1 - 0.997002999),
                                    epsilonRoot: 0, epsilon: 1e-8, factor: -1e-3),
            // NAdam-style look-ahead with ε_root > 0.
            DescentAdamCoefficients(beta1: 0.8, beta2: 0.99, a: 0.8 / (1 - 0.4096), b: 0.2 / (1 - 0.512), inverseCorrection2: 1 / (1 - 0.970299),
                                    epsilonRoot: 1e-6, epsilon: 1e-7, factor: 0.5),
        ]
        for n in [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 1001] {
            let g = (0..<n).map { _ in generator.nextNormal() }
            let m0 = (0..<n).map { _ in generator.nextNormal() * 0.1 }
            let v0 = (0..<n).map { _ in abs(generator.nextNormal()) * 0.01 }
            let out0 = (0..<n).map { _ in generator.nextNormal() }
            for c in coefficientSets {
                var coefficients = c
                for accumulate in [false, true] {
                    let want = expected(g, m0, v0, out0, c, accumulate: accumulate)
                    for variant in Int32(0)...2 {
                        var m = m0, v = v0, out = out0
                        let ran = g.withUnsafeBufferPointer { gp in
                            m.withUnsafeMutableBufferPointer { mp in
                                v.withUnsafeMutableBufferPointer { vp in
                                    out.withUnsafeMutableBufferPointer { op in
                                        descent_adam_step_variant(variant, gp.baseAddress, mp.baseAddress, vp.baseAddress, op.baseAddress,
                                                                  n, &coefficients, accumulate ? 1 : 0)
                                    }
                                }
                            }
                        }
                        if variant == 0 { #expect(ran == 1, "the scalar variant always runs") }
                        guard ran == 1 else { continue }
                        // Exact: the same correctly rounded operations in the same order, no FMA.
                        #expect(m == want.m && v == want.v && out == want.out,
                                "variant \(variant), n = \(n), accumulate = \(accumulate)")
                    }
                }
            }
        }
    }

    @Test("adam(...).step on 10⁵ parameters (split across threads) equals the scalar formula exactly")
    func parallelStepMatchesFormula() {
        var generator = SeededGenerator(seed: 7)
        let n = 100_000
        var theta = Tensor.randomNormal([n], using: &generator)
        let g = Tensor.randomNormal([n], using: &generator)
        let optimizer = adam(learningRate: 1e-2)
        var state = optimizer.initialize(theta)
        let start = theta.scalars
        optimizer.step(&theta, gradient: g, state: &state)
        // Step 1: m = 0.1 g, v = 0.001 g², a = 1/(1 − 0.9), c₂ = 1/(1 − 0.999); θ += −0.01·u.
        let c = DescentAdamCoefficients(beta1: 0.9, beta2: 0.999, a: 1 / (1 - 0.9), b: 0, inverseCorrection2: 1 / (1 - 0.999),
                                        epsilonRoot: 0, epsilon: 1e-8, factor: -1e-2)
        let want = expected(g.scalars, [Double](repeating: 0, count: n), [Double](repeating: 0, count: n), start, c, accumulate: true)
        // Exact up to how 1 − β^t and the learning-rate factor are formed; those are scalars
        // computed the same way here, so equality is expected to hold to the last bit or one ulp.
        expectClose(theta, Tensor(want.out), rtol: 4e-16, atol: 0, "the step's scalars (1/(1 − βᵗ), −η) may round differently by an ulp")
    }
}
