import DescentCore

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
