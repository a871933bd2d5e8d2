import DescentCore
import Foundation

// Activation functions of neural networks, with their derivatives (Goodfellow, Bengio &
// Courville, *Deep Learning*, §6.3). ReLU at 0 returns 0 (JAX's `relu` does the same).

/// tanh x element-wise; pullback ḡ·sech²x. The value is DescentCore's vectorized
/// `tanh(_: Tensor)`, so a `Variable` and a `Tensor` give bit-identical results.
///
/// The derivative is computed from x (DescentCore's `sechSquared`), not as 1 − tanh²x from the
/// output: that subtraction cancels as |tanh x| → 1 (relative error ≈ ε·e^{2|x|}/4, 10⁻⁸ at
/// x = 10) and gives 0 from |x| ≈ 19 on, where sech²x is still 10⁻¹⁶…10⁻³⁰⁸. sech²x is computed
/// once per recorded tanh, when its pullback first runs, and reused by later sweeps (a
/// Hessian–vector product pulls back through tanh twice: for the gradient, and again for the
/// terms that reach tanh x through its own derivative).
public func tanh(_ x: Variable) -> Variable {
    let slope = SlopeCache(x.value)
    return Variable.record(DescentCore.tanh(x.value), x) { c in
        let s = slope.value
        // A batched cotangent has an extra leading axis, so the fused same-shape pass does not
        // apply; a broadcasting product does.
        guard c.isBatched else { return [tanhPullback(c.cotangent, c.inputs[0], c.output, slope: s)] }
        return [c.cotangent * tanhSlope(c.inputs[0], c.output, value: s)]
    }.supportingBatches()
}

/// sech²x for one recorded tanh, computed on first use (a forward pass that is never
/// differentiated does not pay for it).
private final class SlopeCache {
    private let argument: Tensor
    private var cached: Tensor?
    init(_ argument: Tensor) { self.argument = argument }
    var value: Tensor {
        if let cached { return cached }
        let slope = sechSquared(argument)
        cached = slope
        return slope
    }
}

/// g ⊙ sech²x, the pullback of tanh, as one operation of g, x and y = tanh x (`slope` is
/// sech²x, already computed): one pass and one buffer, and in a second sweep two fused passes,
/// ∂/∂g = ḡ ⊙ sech²x (this operation again) and ∂/∂x = −2 ḡ ⊙ g ⊙ y ⊙ sech²x (it dominates the
/// element-wise work of the Hessian–vector products of tanh networks). y is only read.
func tanhPullback(_ g: Variable, _ x: Variable, _ y: Variable, slope: Tensor) -> Variable {
    precondition(g.shape == x.shape && y.shape == x.shape && slope.shape == x.shape,
                 "tanh pullback: cotangent \(g.shape), argument \(x.shape), output \(y.shape) and sech² \(slope.shape) differ")
    return Variable.record(scaledProductValue(1, [g.value, slope]), [g, x, y]) { c in
        let (gg, xx, yy) = (c.inputs[0], c.inputs[1], c.inputs[2])
        let s = tanhSlope(xx, yy, value: slope)
        guard !c.isBatched else {
            return [c.needs[0] ? c.cotangent * s : nil, c.needs[1] ? c.cotangent * (gg * yy * s * -2) : nil, nil]
        }
        return [c.needs[0] ? tanhPullback(c.cotangent, xx, yy, slope: slope) : nil,
                c.needs[1] ? scaledProduct(-2, [c.cotangent, gg, yy, s]) : nil, nil]
    }.supportingBatches()
}

/// sech²x = tanh′x element-wise as a node of the graph, with its `value` given (`sechSquared(x)`:
/// 4e/(1 + e)² with e = e^{−2|x|}, no subtraction, so within a few ulp everywhere, down to
/// gradual underflow). `y` must be tanh x: it is only read, by the pullback
/// ḡ·(−2·tanh x·sech²x), whose product of accurate factors keeps third derivatives accurate too.
func tanhSlope(_ x: Variable, _ y: Variable, value: Tensor) -> Variable {
    precondition(x.shape == y.shape && value.shape == x.shape,
                 "tanhSlope: argument \(x.shape), tanh \(y.shape) and sech² \(value.shape) differ")
    return Variable.record(value, x, y) { c in
        guard c.needs[0] else { return [nil, nil] }
        guard !c.isBatched else { return [c.cotangent * (c.inputs[1] * c.output * -2), nil] }
        return [scaledProduct(-2, [c.cotangent, c.inputs[1], c.output]), nil]
    }.supportingBatches()
}

/// s·(a₁ ⊙ a₂ ⊙ …) for two to four tensors of one shape in a single pass (the terms of the tanh
/// pullbacks, on the hot path of Hessian–vector products of tanh networks). Its pullback is
/// written with ordinary products, so it stays differentiable.
func scaledProduct(_ s: Double, _ factors: [Variable]) -> Variable {
    Variable.record(scaledProductValue(s, factors.map(\.value)), factors) { ctx in
        let g = ctx.cotangent * s
        return factors.indices.map { i in
            guard ctx.needs[i] else { return nil }
            return factors.indices.filter { $0 != i }.reduce(g) { $0 * ctx.inputs[$1] }
        }
    }.supportingBatches()
}

/// s·(a₁ ⊙ a₂ ⊙ …) of two to four same-shape tensors, one pass.
private func scaledProductValue(_ s: Double, _ factors: [Tensor]) -> Tensor {
    precondition((2...4).contains(factors.count) && factors.allSatisfy { $0.shape == factors[0].shape },
                 "scaledProduct: needs 2 to 4 tensors of one shape, got \(factors.map(\.shape))")
    return Tensor(shape: factors[0].shape, unsafeUninitialized: { out in
        factors[0].scalars.withUnsafeBufferPointer { a in
            factors[1].scalars.withUnsafeBufferPointer { b in
                let c = factors.count > 2 ? factors[2].scalars : [], d = factors.count > 3 ? factors[3].scalars : []
                c.withUnsafeBufferPointer { c in
                    d.withUnsafeBufferPointer { d in
                        switch factors.count {
                        case 2: for i in 0..<out.count { out[i] = s * (a[i] * b[i]) }
                        case 3: for i in 0..<out.count { out[i] = s * (a[i] * b[i] * c[i]) }
                        default: for i in 0..<out.count { out[i] = s * (a[i] * b[i] * c[i] * d[i]) }
                        }
                    }
                }
            }
        }
    })
}

/// The logistic sigmoid σ(x) = 1/(1 + e^(−x)) element-wise, evaluated without overflow;
/// pullback ḡ·σ′(x) with σ′(x) = σ(x)·σ(−x) formed from x (`sigmoidSlope`), not as σ(1 − σ)
/// from the output, whose subtraction cancels for large x (relative error ≈ ε·eˣ: 10⁻³ at
/// x = 30, and 0 instead of 4.2·10⁻¹⁸ at x = 40).
public func sigmoid(_ x: Variable) -> Variable {
    Variable.record(x.value.map { stableSigmoid($0) }, x) { c in
        [c.cotangent * sigmoidSlope(c.inputs[0])]
    }.supportingBatches()
}

/// softplus x = log(1 + eˣ) element-wise, evaluated as max(x, 0) + log1p(e^(−|x|)) so it
/// neither overflows nor loses digits; pullback ḡ·σ(x) (and so second derivative σ′(x), exact
/// to a few ulp through `sigmoidSlope`).
public func softplus(_ x: Variable) -> Variable {
    Variable.record(x.value.map { stableSoftplus($0) }, x) { c in
        [c.cotangent * sigmoid(c.inputs[0])]
    }.supportingBatches()
}

/// log σ(x) = −softplus(−x) element-wise (JAX's `log_sigmoid`), never −∞ for finite x
/// (log σ(−800) = −800, where log of the rounded σ would be log 0); derivative σ(−x), second
/// derivative −σ′(x), both without cancellation.
public func logSigmoid(_ x: Variable) -> Variable {
    -softplus(-x)
}

/// SiLU (swish) x·σ(x) element-wise (Elfwing, Uchibe & Doya 2018; Ramachandran et al. 2017);
/// derivative σ(x) + x·σ′(x) from the stable σ′, so it keeps its tiny values for large |x|.
public func silu(_ x: Variable) -> Variable {
    x * sigmoid(x)
}

/// σ′(x) = σ(x)·σ(−x) = e/(1 + e)² with e = e^{−|x|}, element-wise: no subtraction, so within a
/// few ulp for every x (σ′(40) = 4.2·10⁻¹⁸, σ′(745) = 5·10⁻³²⁴). Pullback
/// ḡ·σ″(x) = −ḡ·σ′(x)·tanh(x/2), a product of accurate factors: σ″ = σ′(1 − 2σ) would cancel
/// near 0, where 1 − 2σ(x) ≈ −x/2.
func sigmoidSlope(_ x: Variable) -> Variable {
    let e = DescentCore.exp(DescentCore.abs(x.value) * -1)
    return Variable.record(e.map { $0 / ((1 + $0) * (1 + $0)) }, x) { c in
        [-(c.cotangent * (c.output * tanh(c.inputs[0] * 0.5)))]
    }.supportingBatches()
}

/// ReLU max(x, 0) element-wise; pullback ḡ·[x > 0] (0 at x = 0, like JAX).
public func relu(_ x: Variable) -> Variable {
    Variable.record(x.value.map { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) }, x) { c in
        [c.cotangent * c.inputs[0].value.map { $0 > 0 ? 1 : 0 }]
    }.supportingBatches()
}

/// Leaky ReLU: x for x ≥ 0, `negativeSlope`·x otherwise; pullback slope 1 at x ≥ 0 (JAX's
/// `leaky_relu` convention at 0). Default slope 0.01 as in JAX and PyTorch.
public func leakyRelu(_ x: Variable, negativeSlope: Double = 0.01) -> Variable {
    Variable.record(x.value.map { $0 >= 0 ? $0 : negativeSlope * $0 }, x) { c in
        [c.cotangent * c.inputs[0].value.map { $0 >= 0 ? 1 : negativeSlope }]
    }.supportingBatches()
}

/// GELU in its exact form x·Φ(x) = ½x·erfc(−x/√2) (Hendrycks & Gimpel 2016), Φ the standard
/// normal distribution function; derivative Φ(x) + x·φ(x), second derivative (2 − x²)·φ(x),
/// all by differentiating the primitives `normalDistribution` and `normalDensity`.
///
/// Not ½x(1 + erf(x/√2)) (JAX's `gelu(approximate=False)`): 1 + erf cancels for x ≪ 0, so that
/// form returns 0 from x ≈ −8.3 on (GELU(−10) = −7.6·10⁻²³) and loses digits well before.
public func gelu(_ x: Variable) -> Variable {
    x * normalDistribution(x)
}

/// Φ(x) = ½·erfc(−x/√2) element-wise, relative accuracy kept in the lower tail (Φ(−30) ≈ 4.9·10⁻¹⁹⁸):
/// the argument −x/√2 is carried as zₕ + zₗ (one rounded product and its exact remainder) and
/// erfc(zₕ + zₗ) ≈ erfc(zₕ) − zₗ·(2/√π)·e^{−zₕ²}; rounding −x/√2 alone would cost a relative
/// error of 2z²ε (10⁻¹³ at x = −30). Pullback ḡ·φ(x).
func normalDistribution(_ x: Variable) -> Variable {
    Variable.record(x.value.map { normalDistributionValue($0) }, x) { c in
        [c.cotangent * normalDensity(c.inputs[0])]
    }.supportingBatches()
}

/// φ(x) = e^{−x²/2}/√(2π) element-wise, with x² carried exactly as h + l (fused multiply–add) so
/// that e^{−x²/2} keeps its relative accuracy for large |x| (rounding x² alone costs ε·x²/2).
/// Pullback −ḡ·x·φ(x).
func normalDensity(_ x: Variable) -> Variable {
    Variable.record(x.value.map { exponentialOfNegativeSquare($0, rate: 0.5) * inverseSquareRootOfTwoPi }, x) { c in
        [-(c.cotangent * (c.inputs[0] * c.output))]
    }.supportingBatches()
}

/// 1/√(2π) rounded to the nearest double.
let inverseSquareRootOfTwoPi = 0.3989422804014327

/// e^{−a·x²} for a = ½ or 1 (exact scalings), with x² = h + l split by a fused multiply–add:
/// e^{−a·h}·(1 − a·l), where |a·l| ≤ 2⁻⁵³·a·h makes the first-order correction exact to rounding.
func exponentialOfNegativeSquare(_ x: Double, rate a: Double) -> Double {
    let h = x * x
    let l = (-h).addingProduct(x, x)
    return Foundation.exp(-a * h) * (1 - a * l)
}

/// Φ(x) = ½·erfc(zₕ + zₗ) with zₕ + zₗ = −x/√2 to twice the working precision.
func normalDistributionValue(_ x: Double) -> Double {
    // 1/√2 = c + c_lo, c the nearest double.
    let c = 0.7071067811865476, cLow = -4.833646656726457e-17
    let zh = -x * c
    let zl = (-zh).addingProduct(-x, c) + (-x) * cLow
    let correction = zl * (2 / Double.pi.squareRoot()) * Foundation.exp(-zh * zh)
    return 0.5 * (Foundation.erfc(zh) - correction)
}

/// log(1 + eˣ) as max(x, 0) + log1p(e^{−|x|}): no overflow, and relative accuracy kept where
/// the result is tiny (x ≪ 0, log1p(eˣ) ≈ eˣ).
@usableFromInline
func stableSoftplus(_ x: Double) -> Double {
    Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
}

/// σ(x) without overflow: for x < 0 use eˣ/(1 + eˣ).
@usableFromInline
func stableSigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
}
