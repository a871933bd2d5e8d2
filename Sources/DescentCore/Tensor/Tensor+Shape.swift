// Reshaping, transposition, concatenation and stacking.

extension Tensor {
    /// The same elements in a new shape with the same element count. One extent may be `-1`,
    /// meaning "whatever makes the count match", as in NumPy.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let wildcard = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != wildcard }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0,
                         "Tensor.reshaped: cannot reshape \(shape) into \(newShape)")
            resolved[wildcard] = count / known
        }
        precondition(Tensor.elementCount(resolved) == count,
                     "Tensor.reshaped: cannot reshape \(shape) (\(count) elements) into \(newShape)")
        return Tensor(shape: resolved, scalars: scalars)
    }

    /// The elements as a vector of length `count`.
    public var flattened: Tensor { Tensor(shape: [count], scalars: scalars) }

    /// A vector as an `n × 1` column matrix; a matrix is returned unchanged.
    public var asColumn: Tensor { rank == 2 ? self : reshaped([count, 1]) }

    /// A vector as a `1 × n` row matrix; a matrix is returned unchanged.
    public var asRow: Tensor { rank == 2 ? self : reshaped([1, count]) }

    /// The matrix transpose Aᵀ, (Aᵀ)ᵢⱼ = Aⱼᵢ. Ranks 0 and 1 are returned unchanged (NumPy's convention).
    ///
    /// Blocked so that both the reads and the writes stay within cache lines.
    public var transposed: Tensor {
        guard rank == 2 else {
            precondition(rank < 2, "Tensor.transposed: rank-\(rank) tensors need permuted(_:)")
            return self
        }
        let (m, n) = (shape[0], shape[1])
        return Tensor(shape: [n, m]) { out in
            scalars.withUnsafeBufferPointer { a in
                let block = 32
                var i0 = 0
                while i0 < m {
                    let i1 = Swift.min(i0 + block, m)
                    var j0 = 0
                    while j0 < n {
                        let j1 = Swift.min(j0 + block, n)
                        for i in i0..<i1 {
                            for j in j0..<j1 { out[j * m + i] = a[i * n + j] }
                        }
                        j0 = j1
                    }
                    i0 = i1
                }
            }
        }
    }

    /// The tensor with its axes reordered: result axis k is this tensor's axis `order[k]`.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank),
                     "Tensor.permuted: \(order) is not a permutation of the axes of shape \(shape)")
        let newShape = order.map { shape[$0] }
        let oldStrides = strides
        let permutedStrides = order.map { oldStrides[$0] }
        var index = [Int](repeating: 0, count: rank)
        return Tensor(shape: newShape, unsafeUninitialized: { out in
            scalars.withUnsafeBufferPointer { a in
                for k in 0..<out.count {
                    var source = 0
                    for axis in 0..<index.count { source += index[axis] * permutedStrides[axis] }
                    out[k] = a[source]
                    // advance the multi-index in row-major order
                    var axis = index.count - 1
                    while axis >= 0 {
                        index[axis] += 1
                        if index[axis] < newShape[axis] { break }
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        })
    }

    /// Joins tensors along an existing axis. All other extents must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "Tensor.concatenate: no tensors")
        let first = tensors[0]
        precondition(axis >= 0 && axis < first.rank,
                     "Tensor.concatenate: axis \(axis) out of range for shape \(first.shape)")
        for t in tensors {
            precondition(t.rank == first.rank && (0..<first.rank).allSatisfy { $0 == axis || t.shape[$0] == first.shape[$0] },
                         "Tensor.concatenate: shape \(t.shape) does not match \(first.shape) off axis \(axis)")
        }
        var newShape = first.shape
        newShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        // Each tensor contributes contiguous chunks of (its extent along axis × inner size) per outer index.
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        var values = [Double]()
        values.reserveCapacity(Tensor.elementCount(newShape))
        for o in 0..<outer {
            for t in tensors {
                let chunk = t.shape[axis] * inner
                values.append(contentsOf: t.scalars[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        return Tensor(shape: newShape, scalars: values)
    }

    /// Stacks tensors of one shape along a new axis (NumPy's `stack`).
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        guard let first = tensors.first else { return Tensor(shape: [0], scalars: []) }
        precondition(axis >= 0 && axis <= first.rank,
                     "Tensor.stack: axis \(axis) out of range for shape \(first.shape)")
        for t in tensors {
            precondition(t.shape == first.shape, "Tensor.stack: shape \(t.shape) does not match \(first.shape)")
        }
        var expanded = first.shape
        expanded.insert(1, at: axis)
        return concatenate(tensors.map { $0.reshaped(expanded) }, axis: axis)
    }

    /// Stacks vectors (or matrices) vertically: rows after rows.
    public static func verticallyStacked(_ tensors: [Tensor]) -> Tensor {
        concatenate(tensors.map { $0.rank == 1 ? $0.asRow : $0 }, axis: 0)
    }

    /// Stacks vectors as columns, or matrices side by side.
    public static func horizontallyStacked(_ tensors: [Tensor]) -> Tensor {
        concatenate(tensors.map { $0.rank == 1 ? $0.asColumn : $0 }, axis: 1)
    }
}
