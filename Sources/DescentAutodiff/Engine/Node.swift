import DescentCore

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
