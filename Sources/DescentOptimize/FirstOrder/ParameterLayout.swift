import DescentCore

/// Several parameter tensors (a model's weights and biases) viewed as one flat vector, so that
/// every gradient transformation handles a list of tensors as optax handles a pytree.
///
/// Element-wise transformations act on each element either way, and the global operations
/// (clipping by global norm, SAM's normalization, Lookahead) use the norm over all tensors
/// together, exactly like optax's tree reductions. Packing and unpacking copy the elements once.
public struct ParameterLayout: Sendable, Hashable {
    /// The shape of each tensor, in order.
    public let shapes: [[Int]]
    /// Where each tensor starts in the flat vector; the last entry is the total count.
    public let offsets: [Int]

    /// The layout of `tensors`.
    public init(_ tensors: [Tensor]) {
        shapes = tensors.map(\.shape)
        offsets = tensors.reduce(into: [0]) { $0.append($0.last! + $1.count) }
    }

    /// All elements, tensor after tensor, as one vector.
    /// - Precondition: the tensors have this layout's shapes.
    public func pack(_ tensors: [Tensor]) -> Tensor {
        precondition(tensors.map(\.shape) == shapes,
                     "ParameterLayout.pack: shapes \(tensors.map(\.shape)) do not match the layout \(shapes)")
        var scalars: [Double] = []
        scalars.reserveCapacity(offsets.last!)
        for t in tensors { scalars.append(contentsOf: t.scalars) }
        return Tensor(shape: [offsets.last!], scalars: scalars)
    }

    /// The tensors of a packed vector.
    /// - Precondition: `flat` has this layout's total count of elements.
    public func unpack(_ flat: Tensor) -> [Tensor] {
        precondition(flat.count == offsets.last!,
                     "ParameterLayout.unpack: \(flat.count) elements for a layout of \(offsets.last!)")
        return shapes.indices.map { k in
            Tensor(shape: shapes[k], scalars: Array(flat.scalars[offsets[k]..<offsets[k + 1]]))
        }
    }
}

extension GradientTransformation {
    /// The state for a list of parameter tensors (optax's pytree of parameters).
    public func initialize(_ params: [Tensor]) -> State {
        let layout = ParameterLayout(params)
        return initialize(layout.pack(params))
    }

    /// Transforms the gradients of a list of parameter tensors; see `ParameterLayout`.
    /// - Precondition: `gradients` and `params` have the same shapes, tensor by tensor.
    public func update(_ gradients: [Tensor], state: State, params: [Tensor]) -> (updates: [Tensor], state: State) {
        let layout = ParameterLayout(params)
        let (update, next) = update(layout.pack(gradients), state: state, params: layout.pack(params))
        return (layout.unpack(update), next)
    }
}

extension Array where Element == Tensor {
    /// θₖ + uₖ for each tensor of a list of parameters (optax.apply_updates on a pytree).
    /// - Precondition: the lists have equal lengths and matching shapes.
    /// - Complexity: O(total count), one new tensor per entry.
    public func applyingUpdates(_ updates: [Tensor]) -> [Tensor] {
        precondition(updates.count == count, "applyingUpdates: \(updates.count) updates for \(count) parameter tensors")
        return zip(self, updates).map { $0.applyingUpdates($1) }
    }
}
