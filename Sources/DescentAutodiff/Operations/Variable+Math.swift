import DescentCore
import Foundation

// Element-wise elementary functions. Each pullback is the derivative written with Variable
// operations, so it can itself be differentiated (second and higher derivatives).
//
// Subgradients at kinks follow JAX (checked against jax 0.4 in 64-bit mode), so reference
// values agree everywhere:
//   |x| at 0 → 1 (JAX's abs uses select(x ≥ 0, ḡ, −ḡ)); any value in [−1, 1] is a subgradient.
//   maximum/minimum at a tie → ½ to each argument; clamp at a bound → ½ (JAX's clip is
//   max-then-min, and inherits the tie rule).

/// eˣ element-wise; pullback ḡ·eˣ (reuses the output).
public func exp(_ x: Variable) -> Variable {
    Variable.record(exp(x.value), x) { c in [c.cotangent * c.output] }.supportingBatches()
}

/// Natural logarithm element-wise; pullback ḡ/x. NaN for x < 0, −∞ at 0 (IEEE 754).
public func log(_ x: Variable) -> Variable {
    Variable.record(log(x.value), x) { c in [c.cotangent / c.inputs[0]] }.supportingBatches()
}

/// √x element-wise; pullback ḡ/(2√x) (∞ at 0, like JAX).
public func sqrt(_ x: Variable) -> Variable {
    Variable.record(sqrt(x.value), x) { c in [(c.cotangent * 0.5) / c.output] }.supportingBatches()
}

/// xᵖ element-wise for a constant exponent; pullback ḡ·p·xᵖ⁻¹, exactly 0 for p = 0 even at x = 0
/// (JAX's `integer_pow`; the product 0·0⁻¹ would be NaN).
public func pow(_ x: Variable, _ p: Double) -> Variable {
    if p == 1 { return x }
    return Variable.record(pow(x.value, p), x) { c in
        p == 0 ? [nil] : [c.cotangent * (p * pow(c.inputs[0], p - 1))]
    }.supportingBatches()
}

/// xʸ element-wise with broadcasting; pullbacks ḡ·y·xʸ⁻¹ and ḡ·xʸ·log x (NaN for x < 0, as in JAX).
///
/// A constant exponent — untracked, one element, not widening x's shape — takes the path of
/// `pow(_:_:Double)`, so `x^2` and `pow(x, Variable(2))` are one computation with one derivative:
/// no log x term (negative bases are fine) and an exact 0 for p = 0 (JAX's `integer_pow`).
///
/// The exponent's pullback follows JAX's `pow` rule: log x is evaluated with x = 0 replaced by 1,
/// so where the output is 0 (x = 0, y > 0) the term is 0 instead of 0·(−∞) = NaN; the true
/// one-sided limit of xʸ·log x as x → 0⁺ is 0 too.
public func pow(_ x: Variable, _ y: Variable) -> Variable {
    if !y.isTracked && y.count == 1 && y.rank <= x.rank {
        return pow(x, y.value.scalars[0])
    }
    return Variable.record(pow(x.value, y.value), x, y) { c in
        let (base, exponent) = (c.inputs[0], c.inputs[1])
        return [c.needs[0] ? c.unbroadcast(c.cotangent * exponent * pow(base, exponent - 1), toInput: 0) : nil,
                c.needs[1] ? c.unbroadcast(c.cotangent * c.output * log(replacingZeroByOne(base)), toInput: 1) : nil]
    }.supportingBatches()
}

/// x with its zeros replaced by 1 (JAX's `_replace_zero`); derivative 1 where x ≠ 0 and 0 where
/// x = 0 (a constant mask, so second derivatives vanish). Only for the exponent pullback of `pow`.
private func replacingZeroByOne(_ x: Variable) -> Variable {
    Variable.record(x.value.map { $0 == 0 ? 1 : $0 }, x) { c in
        [c.cotangent * c.inputs[0].value.map { $0 == 0 ? 0 : 1 }]
    }.supportingBatches()
}

/// sin x element-wise; pullback ḡ·cos x.
public func sin(_ x: Variable) -> Variable {
    Variable.record(sin(x.value), x) { c in [c.cotangent * cos(c.inputs[0])] }.supportingBatches()
}

/// cos x element-wise; pullback −ḡ·sin x.
public func cos(_ x: Variable) -> Variable {
    Variable.record(cos(x.value), x) { c in [-(c.cotangent * sin(c.inputs[0]))] }.supportingBatches()
}

/// tan x element-wise; pullback ḡ·(1 + tan²x).
public func tan(_ x: Variable) -> Variable {
    Variable.record(tan(x.value), x) { c in [c.cotangent * (c.output * c.output + 1)] }.supportingBatches()
}

/// arctan x element-wise; pullback ḡ/(1 + x²).
public func atan(_ x: Variable) -> Variable {
    Variable.record(x.value.map { Foundation.atan($0) }, x) { c in
        [c.cotangent / (c.inputs[0] * c.inputs[0] + 1)]
    }.supportingBatches()
}

/// atan2(y, x), the angle of the point (x, y), element-wise with broadcasting;
/// pullbacks ḡ·x/(x² + y²) for y and −ḡ·y/(x² + y²) for x.
public func atan2(_ y: Variable, _ x: Variable) -> Variable {
    return Variable.record(y.value.zipMap(x.value) { Foundation.atan2($0, $1) }, y, x) { c in
        let (yy, xx) = (c.inputs[0], c.inputs[1])
        let scaled = c.cotangent / (xx * xx + yy * yy)
        return [c.needs[0] ? c.unbroadcast(scaled * xx, toInput: 0) : nil,
                c.needs[1] ? c.unbroadcast(-(scaled * yy), toInput: 1) : nil]
    }.supportingBatches()
}

/// The error function erf x = (2/√π)∫₀ˣ e^(−t²) dt element-wise; pullback ḡ·(2/√π)·e^(−x²), with
/// e^(−x²) from the exactly split square (`gaussian`), so it keeps its relative accuracy for
/// large |x| (rounding x² first costs ε·x², 4·10⁻¹⁴ at x = 20).
public func erf(_ x: Variable) -> Variable {
    Variable.record(x.value.map { Foundation.erf($0) }, x) { c in
        [c.cotangent * (gaussian(c.inputs[0]) * (2 / Double.pi.squareRoot()))]
    }.supportingBatches()
}

/// e^(−x²) element-wise, accurate to a few ulp for every x (see `exponentialOfNegativeSquare`);
/// pullback −2ḡ·x·e^(−x²).
func gaussian(_ x: Variable) -> Variable {
    Variable.record(x.value.map { exponentialOfNegativeSquare($0, rate: 1) }, x) { c in
        [c.cotangent * (c.inputs[0] * c.output * -2)]
    }.supportingBatches()
}

/// |x| element-wise; pullback ḡ·s with s = 1 for x ≥ 0 and −1 for x < 0 (JAX's choice at 0).
public func abs(_ x: Variable) -> Variable {
    Variable.record(abs(x.value), x) { c in
        [c.cotangent * c.inputs[0].value.map { $0 >= 0 ? 1 : -1 }]
    }.supportingBatches()
}

/// max(a, b) element-wise with broadcasting; the cotangent goes to the larger argument, split
/// ½–½ at ties (as JAX does). NaN propagates.
public func maximum(_ a: Variable, _ b: Variable) -> Variable {
    selectPair(maximum(a.value, b.value), a, b) { $0 > $1 ? 1 : ($0 == $1 ? 0.5 : 0) }
}

/// min(a, b) element-wise with broadcasting; the cotangent goes to the smaller argument, split
/// ½–½ at ties (as JAX does). NaN propagates.
public func minimum(_ a: Variable, _ b: Variable) -> Variable {
    selectPair(minimum(a.value, b.value), a, b) { $0 < $1 ? 1 : ($0 == $1 ? 0.5 : 0) }
}

/// max(x, s) element-wise for a constant s (ties send ½ to x).
public func maximum(_ x: Variable, _ s: Double) -> Variable { maximum(x, Variable(s)) }

/// min(x, s) element-wise for a constant s (ties send ½ to x).
public func minimum(_ x: Variable, _ s: Double) -> Variable { minimum(x, Variable(s)) }

/// x clamped to [lower, upper] element-wise, as min(max(x, lower), upper) (JAX's `clip`): the
/// derivative is 1 inside, 0 outside, ½ exactly at a bound.
public func clamp(_ x: Variable, _ lower: Double, _ upper: Double) -> Variable {
    precondition(lower <= upper, "clamp: lower bound \(lower) exceeds upper bound \(upper)")
    return minimum(maximum(x, lower), upper)
}

/// A selection between two arguments: `weight(a, b)` is the share of the cotangent that goes to
/// `a` (the rest goes to `b`); the weights are constants, so second derivatives vanish.
private func selectPair(_ value: Tensor, _ a: Variable, _ b: Variable,
                        _ weight: @escaping @Sendable (Double, Double) -> Double) -> Variable {
    return Variable.record(value, a, b) { c in
        let w = c.inputs[0].value.zipMap(c.inputs[1].value, weight)
        return [c.needs[0] ? c.unbroadcast(c.cotangent * w, toInput: 0) : nil,
                c.needs[1] ? c.unbroadcast(c.cotangent * (1 - w), toInput: 1) : nil]
    }.supportingBatches()
}
