import DescentCore

/// A differentiable value: a `Tensor` together with (when it is tracked) the tape node that
/// records how it was computed.
///
/// A `Variable` made with `Variable(_:)` is a *constant*: operations on constants compute their
/// value and record nothing, so code written against `Variable` runs at plain-`Tensor` speed when
/// no derivative is asked for. A *tracked* variable (`Variable(tracking:)`, or the result of an
/// operation with a tracked input) carries a node; `gradients(withRespectTo:)` walks the nodes
/// backwards (reverse-mode automatic differentiation).
///
/// Every operation states its forward value and its pullback (vector–Jacobian product) side by
/// side, and pullbacks are themselves written with `Variable` operations, so derivatives of
/// derivatives (Hessian–vector products, Hessians) are exact.
///
/// The graph is owned by the variables: nodes point only to their inputs, never back, so a graph
/// is freed as soon as the last `Variable` referring to it goes away (no global tape to clear).
///
/// Reference: A. Griewank and A. Walther, *Evaluating Derivatives*, 2nd ed., SIAM 2008, ch. 3–4;
/// A. G. Baydin et al., "Automatic differentiation in machine learning: a survey", JMLR 18 (2018).
public struct Variable {
    /// The value this variable holds.
    public let value: Tensor
    @usableFromInline let node: Node?

    @usableFromInline
    init(value: Tensor, node: Node?) {
        self.value = value
        self.node = node
    }

    /// A constant: derivatives do not flow into it.
    @inlinable @_disfavoredOverload
    public init(_ value: Tensor) {
        self.init(value: value, node: nil)
    }

    /// A rank-0 constant.
    @inlinable
    public init(_ scalar: Double) {
        self.init(value: Tensor(scalar), node: nil)
    }

    /// A tracked leaf: an independent variable that gradients can be taken with respect to.
    public init(tracking value: Tensor) {
        self.init(value: value, node: Node(value: value, inputs: [], pullback: nil))
    }

    /// Whether derivatives flow through this variable (it is a leaf or depends on one).
    @inlinable public var isTracked: Bool { node != nil }

    /// The shape of the value.
    @inlinable public var shape: [Int] { value.shape }

    /// The number of elements of the value.
    @inlinable public var count: Int { value.count }

    /// The rank of the value.
    @inlinable public var rank: Int { value.rank }

    /// The single element of a one-element value.
    @inlinable public var scalar: Double { value.scalar }

    /// The same value, detached from the graph (a constant): derivatives stop here
    /// (JAX's `stop_gradient`, PyTorch's `detach`).
    @inlinable public var detached: Variable { Variable(value) }

    /// Whether every element of the value is finite (no NaN, no ±∞).
    @inlinable public var isFinite: Bool { value.isFinite }
}

extension Variable: CustomStringConvertible {
    /// The value, marked when tracked.
    public var description: String { isTracked ? "Variable(tracked: \(value))" : "Variable(\(value))" }
}

/// The arguments of a pullback: the cotangent of the operation's output, its inputs and its output.
///
/// During a first-order sweep the inputs and output are constants (no second graph is built);
/// when higher derivatives are requested they are the tracked variables themselves, so the
/// pullback's own operations are recorded and can be differentiated again.
@usableFromInline
struct PullbackContext {
    /// ∂L/∂output, same shape as the output.
    @usableFromInline let cotangent: Variable
    /// The operation's inputs, in the order given to `record`.
    @usableFromInline let inputs: PullbackInputs
    /// The operation's output.
    @usableFromInline let output: Variable
    /// Whether the gradient of input `i` is needed (an input that is constant, or that reaches no
    /// requested variable, can be skipped; matmul uses this to save a product).
    @usableFromInline let needs: InputMask
    /// The leading axes of a batched sweep (`[k]` for k seeds at once), empty otherwise. In a
    /// batched sweep every cotangent has shape `batchShape + shape`, and only operations marked
    /// `supportingBatches()` are visited (see `PullbackContext+Batching.swift`).
    @usableFromInline let batchShape: [Int]
}

/// An operation's inputs as its pullback sees them: detached (constants) on a first-order sweep,
/// so that the pullback's own operations record nothing, tracked when a graph is being built.
/// Detaching on access avoids building a second array per node.
@usableFromInline
struct PullbackInputs {
    @usableFromInline let variables: [Variable]
    @usableFromInline let detach: Bool

    @inlinable subscript(_ i: Int) -> Variable {
        detach ? Variable(variables[i].value) : variables[i]
    }
}

/// A set of input indices as a bit mask (no allocation per node); indices ≥ 64 always count as
/// members, which only costs an unneeded gradient for operations with that many inputs.
@usableFromInline
struct InputMask {
    @usableFromInline var bits: UInt64 = 0

    @inlinable subscript(_ i: Int) -> Bool {
        get { i >= 64 || bits & (1 << UInt64(i)) != 0 }
        set { if i < 64 { if newValue { bits |= 1 << UInt64(i) } else { bits &= ~(1 << UInt64(i)) } } }
    }
}

/// The local reverse-mode rule of an operation: the cotangent of each input (`nil` = zero).
@usableFromInline
typealias Pullback = (PullbackContext) -> [Variable?]

/// A tape node: an operation's output value, its inputs and its pullback. Leaves have no pullback.
@usableFromInline
final class Node {
    @usableFromInline let value: Tensor
    @usableFromInline @exclusivity(unchecked) private(set) var inputs: [Variable]
    @usableFromInline let pullback: Pullback?

    // Scratch state of a reverse sweep (position in the topological order, whether the node
    // leads to a requested variable, whether it is one). Kept on the node rather than in hash
    // tables because lookups dominate the cost of small graphs; `gradients` resets it before
    // returning. A consequence: one graph must not be differentiated from two threads at once
    // (`Variable` is not `Sendable`, so the compiler already discourages sharing it).
    @usableFromInline @exclusivity(unchecked) var sweepPosition = -1
    @usableFromInline @exclusivity(unchecked) var sweepRelevant = false
    @usableFromInline @exclusivity(unchecked) var sweepTarget = false
    /// Whether the pullback accepts batched cotangents (set by `supportingBatches()`).
    @usableFromInline @exclusivity(unchecked) var acceptsBatches = false
    // The depth-first search of `topologicalOrder` keeps its stack in the nodes: the node that
    // pushed this one (unowned: the graph being sorted keeps every node alive) and the index of
    // the next input to visit. Both are back to `nil`/0 once the node is ordered.
    @exclusivity(unchecked) unowned(unsafe) var sweepParent: Node?
    @exclusivity(unchecked) var sweepNextInput = 0

    @usableFromInline
    init(value: Tensor, inputs: [Variable], pullback: Pullback?) {
        self.value = value
        self.inputs = inputs
        self.pullback = pullback
    }

    // Links of the intrusive work list of `deinit` (see there); `nil`/`false` outside it.
    @exclusivity(unchecked) private var nextPending: Node?
    @exclusivity(unchecked) private var isPending = false

    // Releasing a long chain node by node would recurse once per node (each deinit releases its
    // inputs) and overflow the stack for graphs of depth ~10⁵; unlink iteratively instead: the
    // input nodes are put on a work list before this node's inputs are released, and any node
    // the list then holds the last reference to has its own inputs moved onto the list before it
    // is released, so every nested deinit finds no inputs and returns at once.
    //
    // The list is threaded through the nodes themselves (`nextPending`) rather than kept in an
    // array: this deinit runs for every node of every graph, and with a work array allocated per
    // node it took ~19% of the time of a small gradient (perf, `rosenbrock2_vg`). `isPending` keeps a node that feeds several inputs
    // (x·x) from being linked twice, which would make the list a cycle.
    deinit {
        guard !inputs.isEmpty else { return }
        var head: Node? = nil
        Node.push(inputs, onto: &head)
        inputs = []
        while var candidate = head {
            head = candidate.nextPending
            candidate.nextPending = nil
            candidate.isPending = false
            // The list no longer refers to `candidate`: if this is the last reference, releasing
            // it would release its inputs recursively, so take them first.
            if isKnownUniquelyReferenced(&candidate), !candidate.inputs.isEmpty {
                Node.push(candidate.inputs, onto: &head)
                candidate.inputs = []
            }
        }
    }

    /// Links the nodes of `inputs` that are not on the work list yet at its front.
    private static func push(_ inputs: [Variable], onto head: inout Node?) {
        // Through the buffer: iterating the array would copy each Variable (three retains).
        inputs.withUnsafeBufferPointer { buffer in
            for k in buffer.indices {
                guard let node = buffer[k].node, !node.isPending else { continue }
                node.isPending = true
                node.nextPending = head
                head = node
            }
        }
    }
}

extension Variable {
    /// Records an operation: returns a constant when no input is tracked (nothing to
    /// differentiate), a tracked variable with a new node otherwise.
    @inlinable
    static func record(_ value: Tensor, _ inputs: [Variable], _ pullback: @escaping Pullback) -> Variable {
        guard inputs.contains(where: { $0.node != nil }) else { return Variable(value) }
        return Variable(value: value, node: Node(value: value, inputs: inputs, pullback: pullback))
    }

    /// One-input form of `record`: no array is built unless the input is tracked.
    @inlinable @inline(__always)
    static func record(_ value: Tensor, _ input: Variable, _ pullback: @escaping Pullback) -> Variable {
        guard input.node != nil else { return Variable(value) }
        return Variable(value: value, node: Node(value: value, inputs: [input], pullback: pullback))
    }

    /// Two-input form of `record`: no array is built unless an input is tracked.
    @inlinable @inline(__always)
    static func record(_ value: Tensor, _ a: Variable, _ b: Variable, _ pullback: @escaping Pullback) -> Variable {
        guard a.node != nil || b.node != nil else { return Variable(value) }
        return Variable(value: value, node: Node(value: value, inputs: [a, b], pullback: pullback))
    }
}
