import DescentCore
import Foundation

// Reductions. The pullback of a sum broadcasts the cotangent back over the summed axes.

extension Variable {
    /// Σᵢ xᵢ over all elements, as a rank-0 value; pullback: ḡ broadcast to the input's shape.
    public func sum() -> Variable {
        Variable.record(Tensor(value.sum()), self) { c in [c.broadcast(c.cotangent, to: c.inputs[0].shape)] }
            .supportingBatches()
    }

    /// The mean (1/n)Σᵢ xᵢ over all elements, as a rank-0 value (NaN for no element, as
    /// `Tensor.mean()` and NumPy).
    public func mean() -> Variable { sum() / Double(count) }

    /// Sum along one axis (the axis disappears, as in `Tensor.sum(alongAxis:)`).
    public func sum(alongAxis axis: Int) -> Variable {
        let source = shape
        let kept = Variable.keptShape(source, axis)
        return Variable.record(value.sum(alongAxis: axis), self) { c in
            [c.broadcast(c.reshape(c.cotangent, to: kept), to: source)]
        }.supportingBatches()
    }

    /// Mean along one axis (the axis disappears; NaN where the axis is empty).
    public func mean(alongAxis axis: Int) -> Variable {
        sum(alongAxis: axis) / Double(shape[axis])
    }

    /// The squared Euclidean (Frobenius) norm ‖x‖² = Σᵢ xᵢ²; gradient 2x, Hessian 2I.
    public func squaredNorm() -> Variable { (self * self).sum() }

    /// A vector norm of the elements: `.one` Σ|xᵢ| (subgradient sign(x), 1 at 0 as JAX),
    /// `.two`/`.frobenius` √(Σ xᵢ²) (gradient x/‖x‖, NaN at x = 0 like JAX), `.infinity` maxᵢ|xᵢ|
    /// (the cotangent goes to the largest entries, shared at ties).
    ///
    /// The 2-norm's value is `Tensor.norm(.two)` (within one ulp, no overflow or underflow of the
    /// squares, where √(Σ xᵢ²) of a `Variable` would overflow from |xᵢ| ≈ 10¹⁵⁴); its pullback
    /// ḡ·x/‖x‖ reuses that value and is differentiable again.
    public func norm(_ kind: NormKind = .two) -> Variable {
        switch kind {
        case .one: return abs(self).sum()
        case .two, .frobenius:
            return Variable.record(Tensor(value.norm(.two)), self) { c in
                [c.aligned(c.cotangent, toRank: c.inputs[0].rank) * (c.inputs[0] / c.output)]
            }.supportingBatches()
        case .infinity:
            let magnitude = abs(self)
            let top = magnitude.value.max()
            let winners = magnitude.value.map { $0 == top ? 1 : 0 }
            // The largest entries share the cotangent equally, as a max over ties does in JAX.
            return (magnitude * (winners / Swift.max(winners.sum(), 1))).sum()
        case .nuclear:
            preconditionFailure("Variable.norm: the nuclear norm is a matrix norm and is not differentiable here")
        }
    }

    /// log Σᵢ exp(xᵢ) over all elements, computed stably as m + log Σᵢ exp(xᵢ − m) with m = max x;
    /// pullback ḡ·softmax(x), formed as exp(x − m)/Σ exp(x − m) (not exp(x − y), whose rounding
    /// error grows with |y|).
    public func logSumExp() -> Variable {
        let shift = Variable.maximumShift(value)
        let y = Foundation.log(value.map { Foundation.exp($0 - shift) }.sum()) + shift
        return Variable.record(Tensor(y), self) { c in
            let e = exp(c.inputs[0] - shift)
            return [c.aligned(c.cotangent, toRank: e.rank) * (e / e.sum())]
        }.supportingBatches()
    }

    /// log Σ exp along one axis (the axis disappears), computed stably per slice;
    /// pullback ḡ·softmax along that axis.
    public func logSumExp(alongAxis axis: Int) -> Variable {
        let kept = Variable.keptShape(shape, axis)
        let shift = Variable.maximumShift(value, alongAxis: axis)
        var reduced = shape
        reduced.remove(at: axis)
        let y = log(exp(value - shift).sum(alongAxis: axis)) + shift.reshaped(reduced)
        return Variable.record(y, self) { c in
            let e = exp(c.inputs[0] - shift)
            return [c.reshape(c.cotangent, to: kept) * (e / e.sum(alongAxis: axis).reshaped(kept))]
        }.supportingBatches()
    }

    /// max x, or 0 when it is not finite (all −∞, or a +∞ that must propagate as ∞ − ∞ = NaN
    /// would hide it): the shift that keeps exp(x − m) ≤ 1.
    static func maximumShift(_ x: Tensor) -> Double {
        let m = x.count == 0 ? 0 : x.max()
        return m.isFinite ? m : 0
    }

    /// The per-slice maximum along `axis`, with that axis kept (extent 1) for broadcasting.
    static func maximumShift(_ x: Tensor, alongAxis axis: Int) -> Tensor {
        x.max(alongAxis: axis).map { $0.isFinite ? $0 : 0 }.reshaped(keptShape(x.shape, axis))
    }

    /// The shape with `axis` set to extent 1 (NumPy's keepdims).
    static func keptShape(_ shape: [Int], _ axis: Int) -> [Int] {
        precondition(axis >= 0 && axis < shape.count, "axis \(axis) out of range for shape \(shape)")
        var kept = shape
        kept[axis] = 1
        return kept
    }
}
