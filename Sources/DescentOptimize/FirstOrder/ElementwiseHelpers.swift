import DescentCore
import Foundation

/// Programmer-misuse check shared by the transformations: a gradient must have the shape of the
/// state it is combined with (the message names both shapes and the transformation).
@inline(__always)
func requireSameShape(_ gradient: Tensor, _ state: Tensor, _ operation: String) {
    precondition(gradient.shape == state.shape,
                 "\(operation): gradient shape \(gradient.shape) does not match state shape \(state.shape)")
}

/// A tensor of `shape` whose i-th element is `element(i)`, filled without per-element allocation
/// and in parallel for large sizes; the loop behind the transformations that are not hot enough
/// for a hand-fused kernel.
@inline(__always)
func elementwise(_ shape: [Int], _ element: (Int) -> Double) -> Tensor {
    Tensor(shape: shape, unsafeUninitialized: { out in
        let base = out.baseAddress
        ParallelLoop.forEachChunk(out.count) { range in
            for i in range { base![i] = element(i) }
        }
    })
}

/// Bias correction of an exponential moving average after `count` steps: 1 − βᵗ
/// (Kingma & Ba, "Adam", ICLR 2015, Algorithm 1).
@inline(__always)
func biasCorrection(_ decay: Double, _ count: Int) -> Double {
    1 - Foundation.pow(decay, Double(count))
}

/// The first-moment update of Adam-family methods, m ← (1 − β₁)·g + β₁·m (optax's `update_moment`
/// with order 1), written once so AMSGrad, Yogi and RAdam round exactly alike.
func updatedFirstMoment(_ gradient: Tensor, _ moment: Tensor, decay b1: Double) -> Tensor {
    gradient.zipMap(moment) { g, m in (1 - b1) * g + b1 * m }
}
