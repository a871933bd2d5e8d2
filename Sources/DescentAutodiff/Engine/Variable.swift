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
        self.init(value: value, node: Node(value: value, pullback: nil))
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

/// An operation's inputs as its pullback sees them: detached (constants) on a first-order sweep,
/// so that the pullback's own operations record nothing, tracked when a graph is being built.
/// Read from the node on access, so that nothing is copied for inputs a pullback does not use.
@usableFromInline
struct PullbackInputs {
    @usableFromInline let node: Node
    @usableFromInline let detach: Bool

    @inlinable subscript(_ i: Int) -> Variable {
        detach ? Variable(node.input(i).value) : node.input(i)
    }

    /// The shape of input i.
    @inlinable func shape(_ i: Int) -> [Int] { node.inputShape(i) }
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
    // The inputs, the first two inline: nearly every operation has one or two, and an array per
    // node cost, at every operation of every recorded function, a heap allocation (with the
    // standard library's generic metadata lookup for arrays of non-standard element types) and a
    // generic element-by-element destruction when the graph is freed. Operations with more inputs
    // keep them all in `spilledInputs`.
    @usableFromInline @exclusivity(unchecked) private(set) var firstInput: Variable?
    @usableFromInline @exclusivity(unchecked) private(set) var secondInput: Variable?
    @usableFromInline @exclusivity(unchecked) private(set) var spilledInputs: [Variable]
    /// The number of inputs.
    @usableFromInline @exclusivity(unchecked) private(set) var inputCount: Int
    @usableFromInline let pullback: Pullback?

    // Scratch state of a reverse sweep (position in the topological order, whether the node
    // leads to a requested variable, whether it is one). Kept on the node rather than in hash
    // tables because lookups dominate the cost of small graphs; `gradients` resets it before
    // returning. A consequence: one graph must not be differentiated from two threads at once
    // (`Variable` is not `Sendable`, so the compiler already discourages sharing it).
    @usableFromInline @exclusivity(unchecked) var sweepPosition = -1
    @usableFromInline @exclusivity(unchecked) var sweepRelevant = false
    @usableFromInline @exclusivity(unchecked) var sweepTarget = false
    /// The sum of the cotangents sent to this node so far in a reverse sweep (`nil` outside one).
    @usableFromInline @exclusivity(unchecked) var sweepCotangent: Variable?
    /// Whether the pullback accepts batched cotangents (set by `supportingBatches()`).
    @usableFromInline @exclusivity(unchecked) var acceptsBatches = false
    // The depth-first search of `topologicalOrder` keeps its stack in the nodes: the node that
    // pushed this one (unowned: the graph being sorted keeps every node alive) and the index of
    // the next input to visit. Both are back to `nil`/0 once the node is ordered.
    @exclusivity(unchecked) unowned(unsafe) var sweepParent: Node?
    @exclusivity(unchecked) var sweepNextInput = 0

    /// A node with no input (a leaf when `pullback` is nil).
    @usableFromInline
    init(value: Tensor, pullback: Pullback?) {
        (self.value, self.pullback) = (value, pullback)
        (firstInput, secondInput, spilledInputs, inputCount) = (nil, nil, [], 0)
    }

    /// A node with one input.
    @usableFromInline
    init(value: Tensor, input: Variable, pullback: Pullback?) {
        (self.value, self.pullback) = (value, pullback)
        (firstInput, secondInput, spilledInputs, inputCount) = (input, nil, [], 1)
    }

    /// A node with two inputs.
    @usableFromInline
    init(value: Tensor, inputs a: Variable, _ b: Variable, pullback: Pullback?) {
        (self.value, self.pullback) = (value, pullback)
        (firstInput, secondInput, spilledInputs, inputCount) = (a, b, [], 2)
    }

    /// A node with any number of inputs.
    @usableFromInline
    init(value: Tensor, inputs: [Variable], pullback: Pullback?) {
        (self.value, self.pullback) = (value, pullback)
        switch inputs.count {
        case 0, 1, 2:
            (firstInput, secondInput, spilledInputs) = (inputs.first, inputs.count == 2 ? inputs[1] : nil, [])
        default:
            (firstInput, secondInput, spilledInputs) = (nil, nil, inputs)
        }
        inputCount = inputs.count
    }

    /// Input i.
    @inlinable func input(_ i: Int) -> Variable {
        inputCount > 2 ? spilledInputs[i] : (i == 0 ? firstInput : secondInput)!
    }

    /// The node of input i (`nil` for a constant), read without copying the whole input.
    @inlinable func inputNode(_ i: Int) -> Node? {
        if inputCount > 2 { return spilledInputs.withUnsafeBufferPointer { $0[i].node } }
        return i == 0 ? firstInput?.node : secondInput?.node
    }

    /// The shape of input i.
    @inlinable func inputShape(_ i: Int) -> [Int] {
        if inputCount > 2 { return spilledInputs.withUnsafeBufferPointer { $0[i].value.shape } }
        return i == 0 ? firstInput!.value.shape : secondInput!.value.shape
    }

    /// Drops the references to the inputs.
    private func releaseInputs() {
        (firstInput, secondInput, spilledInputs, inputCount) = (nil, nil, [], 0)
    }

    // The link of the work list of `deinit` (see there); `nil` outside it.
    @exclusivity(unchecked) private var nextPending: Node?

    // Releasing a long chain node by node would recurse once per node (each deinit releases its
    // inputs) and overflow the stack for graphs of depth ~10⁵; unlink iteratively instead. This
    // node's inputs are moved out, and each input node this node held the last reference to is
    // put on a work list; every node taken from the list has its inputs moved out the same way
    // before it is released, so every nested deinit finds no inputs and returns at once.
    //
    // The list is threaded through the nodes themselves (`nextPending`) rather than kept in an
    // array: this deinit runs for every node of every graph, and with a work array allocated per
    // node it took ~19% of the time of a small gradient (perf, `rosenbrock2_vg`). Only nodes held
    // by nothing but the list are ever linked, so no other thread can see the link being written
    // (graphs built on threads of their own may share nodes, e.g. a common leaf), and no node is
    // linked twice.
    deinit {
        guard inputCount > 0 else { return }
        var head: Node? = nil
        takeInputs(onto: &head)
        while let candidate = head {
            head = candidate.nextPending
            candidate.nextPending = nil
            candidate.takeInputs(onto: &head)
        }  // `candidate` is released here with no inputs left: its own deinit returns at once.
    }

    /// Drops the references to the inputs, first linking at the front of the work list each input
    /// node to which this node held the only reference.
    private func takeInputs(onto head: inout Node?) {
        guard inputCount > 0 else { return }
        if inputCount <= 2 {
            var (a, b) = (firstInput?.node, secondInput?.node)
            releaseInputs()
            Node.link(&a, onto: &head)
            Node.link(&b, onto: &head)
        } else {
            var nodes = spilledInputs.map(\.node)
            releaseInputs()
            for i in nodes.indices { Node.link(&nodes[i], onto: &head) }
        }
    }

    /// Moves `node` to the front of the work list if the caller's reference is its only one
    /// (x·x holds its input twice: the first of the two references is dropped, the second linked).
    private static func link(_ node: inout Node?, onto head: inout Node?) {
        guard isKnownUniquelyReferenced(&node), let unique = node else {
            node = nil
            return
        }
        node = nil
        unique.nextPending = head
        head = unique
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
        return Variable(value: value, node: Node(value: value, input: input, pullback: pullback))
    }

    /// Two-input form of `record`: no array is built unless an input is tracked.
    @inlinable @inline(__always)
    static func record(_ value: Tensor, _ a: Variable, _ b: Variable, _ pullback: @escaping Pullback) -> Variable {
        guard a.node != nil || b.node != nil else { return Variable(value) }
        return Variable(value: value, node: Node(value: value, inputs: a, b, pullback: pullback))
    }
}
