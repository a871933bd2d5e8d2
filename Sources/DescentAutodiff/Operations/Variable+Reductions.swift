import DescentCore
import Foundation

// Reductions. The pullback of a sum broadcasts the cotangent back over the summed axes.

extension Variable {
    /// Σᵢ xᵢ over all elements, as a rank-0 value; pullback: ḡ broadcast to the input's shape.
    public func sum() -> Variable {
        Variable.record(Tensor(value.sum()), self) { c in [c.cotangent.broadcasted(to: c.inputs[0].shape)] }
    }

    /// The mean (1/n)Σᵢ xᵢ over all elements, as a rank-0 value.
    public func mean() -> Variable { sum() / Double(Swift.max(count, 1)) }

    /// Sum along one axis (the axis disappears, as in `Tensor.sum(alongAxis:)`).
    public func sum(alongAxis axis: Int) -> Variable {
        let source = shape
        let kept = Variable.keptShape(source, axis)
        return Variable.record(value.sum(alongAxis: axis), self) { c in
            [c.cotangent.reshaped(kept).broadcasted(to: source)]
        }
    }

    /// Mean along one axis (the axis disappears).
    public func mean(alongAxis axis: Int) -> Variable {
        sum(alongAxis: axis) / Double(Swift.max(shape[axis], 1))
    }

    /// The squared Euclidean (Frobenius) norm ‖x‖² = Σᵢ xᵢ²; gradient 2x, Hessian 2I.
    public func squaredNorm() -> Variable { (self * self).sum() }

    /// A vector norm of the elements: `.one` Σ|xᵢ| (subgradient sign(x), 1 at 0 as JAX),
    /// `.two`/`.frobenius` √(Σ xᵢ²) (gradient x/‖x‖, NaN at x = 0 like JAX), `.infinity` maxᵢ|xᵢ|
    /// (the cotangent goes to the largest entries, shared at ties).
    public func norm(_ kind: NormKind = .two) -> Variable {
        switch kind {
        case .one: return abs(self).sum()
        case .two, .frobenius: return sqrt(squaredNorm())
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
    /// pullback ḡ·softmax(x) = ḡ·exp(x − y).
    public func logSumExp() -> Variable {
        let m = value.count == 0 ? 0 : value.max()
        let shift = m.isFinite ? m : 0
        let y = Foundation.log(value.map { Foundation.exp($0 - shift) }.sum()) + shift
        return Variable.record(Tensor(y), self) { c in [c.cotangent * exp(c.inputs[0] - c.output)] }
    }

    /// log Σ exp along one axis (the axis disappears), computed stably per slice;
    /// pullback ḡ·softmax along that axis.
    public func logSumExp(alongAxis axis: Int) -> Variable {
        let kept = Variable.keptShape(shape, axis)
        let m = value.max(alongAxis: axis).map { $0.isFinite ? $0 : 0 }
        let mKept = m.reshaped(kept)
        let y = log(exp(value - mKept).sum(alongAxis: axis)) + m
        return Variable.record(y, self) { c in
            [c.cotangent.reshaped(kept) * exp(c.inputs[0] - c.output.reshaped(kept))]
        }
    }

    /// The shape with `axis` set to extent 1 (NumPy's keepdims).
    static func keptShape(_ shape: [Int], _ axis: Int) -> [Int] {
        precondition(axis >= 0 && axis < shape.count, "axis \(axis) out of range for shape \(shape)")
        var kept = shape
        kept[axis] = 1
        return kept
    }
}
