import DescentCore
import Foundation

// Activation functions of neural networks, with their derivatives (Goodfellow, Bengio &
// Courville, *Deep Learning*, §6.3). ReLU at 0 returns 0 (JAX's `relu` does the same).

/// tanh x element-wise; pullback ḡ·(1 − tanh²x), from the output. The value is DescentCore's
/// vectorized `tanh(_: Tensor)`, so a `Variable` and a `Tensor` give bit-identical results.
public func tanh(_ x: Variable) -> Variable {
    Variable.record(DescentCore.tanh(x.value), x) { c in
        // A batched cotangent has an extra leading axis, so the fused same-shape pass does not
        // apply; broadcasting products do.
        guard c.isBatched else { return [tanhPullback(c.cotangent, c.output)] }
        let y = c.output
        return [c.cotangent * (1 - y * y)]
    }.supportingBatches()
}

/// g ⊙ (1 − y²), the pullback of tanh, as one fused operation (one pass and one buffer instead
/// of three: it dominates the element-wise work of tanh networks, and of their Hessian–vector
/// products). Its own pullback: ∂/∂g = ḡ ⊙ (1 − y²), the same operation; ∂/∂y = −2 ḡ ⊙ g ⊙ y.
func tanhPullback(_ g: Variable, _ y: Variable) -> Variable {
    precondition(g.shape == y.shape, "tanh pullback: cotangent \(g.shape) and output \(y.shape) differ")
    let value = g.value.zipMap(y.value) { $0 * (1 - $1 * $1) }
    return Variable.record(value, g, y) { c in
        let (gg, yy) = (c.inputs[0], c.inputs[1])
        guard !c.isBatched else {
            return [c.needs[0] ? c.cotangent * (1 - yy * yy) : nil,
                    c.needs[1] ? c.cotangent * (gg * yy * -2) : nil]
        }
        return [c.needs[0] ? tanhPullback(c.cotangent, yy) : nil,
                c.needs[1] ? scaledTripleProduct(-2, c.cotangent, gg, yy) : nil]
    }.supportingBatches()
}

/// s·(a ⊙ b ⊙ c) for three tensors of one shape in a single pass (the second-order term of the
/// tanh pullback, on the hot path of Hessian–vector products of tanh networks). Its pullback is
/// written with ordinary products, so it stays differentiable.
func scaledTripleProduct(_ s: Double, _ a: Variable, _ b: Variable, _ c: Variable) -> Variable {
    precondition(a.shape == b.shape && b.shape == c.shape,
                 "scaledTripleProduct: shapes \(a.shape), \(b.shape) and \(c.shape) differ")
    let value = Tensor(shape: a.shape, unsafeUninitialized: { out in
        a.value.scalars.withUnsafeBufferPointer { x in
            b.value.scalars.withUnsafeBufferPointer { y in
                c.value.scalars.withUnsafeBufferPointer { z in
                    for i in 0..<out.count { out[i] = s * (x[i] * y[i] * z[i]) }
                }
            }
        }
    })
    return Variable.record(value, [a, b, c]) { ctx in
        let (x, y, z) = (ctx.inputs[0], ctx.inputs[1], ctx.inputs[2])
        let g = ctx.cotangent * s
        return [ctx.needs[0] ? g * y * z : nil, ctx.needs[1] ? g * x * z : nil, ctx.needs[2] ? g * x * y : nil]
    }.supportingBatches()
}

/// The logistic sigmoid σ(x) = 1/(1 + e^(−x)) element-wise, evaluated without overflow;
/// pullback ḡ·σ(1 − σ), from the output.
public func sigmoid(_ x: Variable) -> Variable {
    Variable.record(x.value.map(stableSigmoid), x) { c in
        [c.cotangent * (c.output * (1 - c.output))]
    }.supportingBatches()
}

/// softplus x = log(1 + eˣ) element-wise, evaluated as max(x, 0) + log1p(e^(−|x|)) so it
/// neither overflows nor loses digits; pullback ḡ·σ(x).
public func softplus(_ x: Variable) -> Variable {
    Variable.record(x.value.map { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) }, x) { c in
        [c.cotangent * sigmoid(c.inputs[0])]
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

/// GELU in its exact form x·Φ(x) = ½x(1 + erf(x/√2)) (Hendrycks & Gimpel 2016), built from
/// primitives, so its derivative Φ(x) + x·φ(x) and higher ones come out exactly.
public func gelu(_ x: Variable) -> Variable {
    0.5 * x * (1 + erf(x * (1 / 2.0.squareRoot())))
}

/// σ(x) without overflow: for x < 0 use eˣ/(1 + eˣ).
@usableFromInline
func stableSigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
}
