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

/// Not `Sendable`: a variable points into a recorded graph whose nodes a reverse sweep annotates
/// with cotangents. Graphs may be built and released on several threads (the release never writes
/// to a node another thread can reach), and a sweep of a graph that another sweep is already
/// annotating is refused with a message; but handing a variable to another thread is not a
/// guarantee the compiler can check, so it is ruled out: pass tensors (`Variable.value`) instead.
@available(*, unavailable, message: "a Variable belongs to the thread that records its graph; pass its value (a Tensor) across threads")
extension Variable: Sendable {}
