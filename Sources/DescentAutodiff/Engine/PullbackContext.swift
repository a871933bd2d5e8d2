import DescentCore

/// The arguments of a pullback: the cotangent of the operation's output, its inputs and its output.
///
/// During a first-order sweep the inputs and output are constants (no second graph is built);
/// when higher derivatives are requested they are the tracked variables themselves, so the
/// pullback's own operations are recorded and can be differentiated again.
@usableFromInline
struct PullbackContext {
    /// ∂L/∂output, same shape as the output (with leading batch axes in a batched sweep).
    @usableFromInline let cotangent: Variable
    /// The operation's inputs, in the order given to `record`.
    @usableFromInline let inputs: PullbackInputs
    /// The node being pulled back; `output` is built from it only when a pullback asks, since
    /// most do not and every copy of a `Variable` costs reference counting at every node.
    @usableFromInline let node: Node
    /// Whether the pullback's operations are recorded (higher derivatives requested).
    @usableFromInline let createGraph: Bool
    /// Whether the gradient of input `i` is needed (an input that is constant, or that reaches no
    /// requested variable, can be skipped; matmul uses this to save a product).
    @usableFromInline let needs: InputMask
    /// The number k of seeds of a batched sweep, 0 otherwise. In a batched sweep every cotangent
    /// has shape `[k] + shape`, and only operations marked `supportingBatches()` are visited (see
    /// `PullbackContext+Batching.swift`).
    @usableFromInline let batchSize: Int

    /// The operation's output: tracked when a graph is being built, a constant otherwise.
    @inlinable var output: Variable {
        createGraph ? Variable(value: node.value, node: node) : Variable(node.value)
    }

    /// The leading axes of a batched sweep's cotangents (`[k]`), empty otherwise.
    @inlinable var batchShape: [Int] { batchSize > 0 ? [batchSize] : [] }
}

/// The local reverse-mode rule of an operation: the cotangent of each input (`nil` = zero).
@usableFromInline
typealias Pullback = (PullbackContext) -> [Variable?]
