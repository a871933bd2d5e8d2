import DescentCore
import DescentOptimize

/// An optimizer state that a checkpoint can store as a flat list of numbers and restore.
///
/// Restoring starts from a template — the state `initialize(θ₀)` gives, which fixes the shapes —
/// and reads the numbers back in the order `checkpointScalars` wrote them.
public protocol CheckpointableState {
    /// The state's numbers in a fixed order (counts as exact integers).
    var checkpointScalars: [Double] { get }
    /// This template with its numbers replaced by the next ones of `reader`.
    /// - Throws: `CheckpointError.stateMismatch` when the reader runs out or a count is not an integer.
    func restored(from reader: inout CheckpointReader) throws -> Self
}

/// Reads a checkpoint's state numbers in order.
public struct CheckpointReader {
    private let values: [Double]
    private var position = 0

    /// A reader over `values`.
    public init(_ values: [Double]) { self.values = values }

    /// Whether every number has been read.
    public var isAtEnd: Bool { position == values.count }

    /// The next `count` numbers.
    public mutating func next(_ count: Int) throws -> [Double] {
        guard position + count <= values.count else {
            throw CheckpointError.stateMismatch("the optimizer state needs more than the \(values.count) numbers saved")
        }
        defer { position += count }
        return Array(values[position..<position + count])
    }

    /// The next number, which must be an integer (a step count).
    public mutating func nextInteger() throws -> Int {
        let value = try next(1)[0]
        guard value == value.rounded(), let integer = Int(exactly: value) else {
            throw CheckpointError.stateMismatch("the saved count \(value) is not an integer")
        }
        return integer
    }

    /// The next numbers, shaped like `template`.
    public mutating func nextTensor(like template: Tensor) throws -> Tensor {
        Tensor(shape: template.shape, scalars: try next(template.count))
    }
}

extension Int: CheckpointableState {
    /// The step count.
    public var checkpointScalars: [Double] { [Double(self)] }
    public func restored(from reader: inout CheckpointReader) throws -> Int { try reader.nextInteger() }
}

extension EmptyState: CheckpointableState {
    /// Nothing.
    public var checkpointScalars: [Double] { [] }
    public func restored(from reader: inout CheckpointReader) throws -> EmptyState { self }
}

extension AdamState: CheckpointableState {
    /// t, then m, then v.
    public var checkpointScalars: [Double] { [Double(count)] + mu.scalars + nu.scalars }
    public func restored(from reader: inout CheckpointReader) throws -> AdamState {
        AdamState(count: try reader.nextInteger(), mu: try reader.nextTensor(like: mu), nu: try reader.nextTensor(like: nu))
    }
}

extension Trace.State: CheckpointableState {
    /// The velocity m.
    public var checkpointScalars: [Double] { trace.scalars }
    public func restored(from reader: inout CheckpointReader) throws -> Trace.State {
        var copy = self
        copy.trace = try reader.nextTensor(like: trace)
        return copy
    }
}

extension Chain.State: CheckpointableState where First.State: CheckpointableState, Second.State: CheckpointableState {
    /// The first member's numbers, then the second's.
    public var checkpointScalars: [Double] { first.checkpointScalars + second.checkpointScalars }
    public func restored(from reader: inout CheckpointReader) throws -> Chain<First, Second>.State {
        Chain.State(first: try first.restored(from: &reader), second: try second.restored(from: &reader))
    }
}

extension Optional: CheckpointableState where Wrapped: CheckpointableState {
    /// Nothing for `nil` (the template says which), the wrapped state's numbers otherwise.
    public var checkpointScalars: [Double] { self?.checkpointScalars ?? [] }
    public func restored(from reader: inout CheckpointReader) throws -> Wrapped? {
        try self.map { try $0.restored(from: &reader) }
    }
}
