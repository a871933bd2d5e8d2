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
    ///
    /// Axes of extent 1 are dropped and axes that stay adjacent are merged first, so every
    /// permutation becomes one of three moves: a plain copy (the order is unchanged), contiguous
    /// runs copied whole (the innermost axis stays innermost, e.g. [1, 0, 2]), or 32 × 32 tiles
    /// transposed between the source's innermost axis and the result's (e.g. [1, 0], [0, 2, 1],
    /// [2, 1, 0]), so that reads and writes both stay within cache lines.
    /// - Complexity: O(n) moves, with at most one index computation per run or tile row.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank),
                     "Tensor.permuted: \(order) is not a permutation of the axes of shape \(shape)")
        let newShape = order.map { shape[$0] }
        let (extents, permutation) = Tensor.mergedAxes(shape, order)
        if count == 0 || permutation == Array(0..<permutation.count) { return Tensor(shape: newShape, scalars: scalars) }
        // Source strides of the merged axes, and the result's axes in order with their source strides.
        var sourceStrides = [Int](repeating: 1, count: extents.count)
        for axis in stride(from: extents.count - 2, through: 0, by: -1) { sourceStrides[axis] = sourceStrides[axis + 1] * extents[axis + 1] }
        let resultExtents = permutation.map { extents[$0] }
        let resultSourceStrides = permutation.map { sourceStrides[$0] }
        var resultStrides = [Int](repeating: 1, count: extents.count)
        for axis in stride(from: extents.count - 2, through: 0, by: -1) { resultStrides[axis] = resultStrides[axis + 1] * resultExtents[axis + 1] }
        let last = extents.count - 1
        return Tensor(shape: newShape, unsafeUninitialized: { out in
            scalars.withUnsafeBufferPointer { a in
                guard let source = a.baseAddress, let target = out.baseAddress else { return }
                if permutation[last] == last {
                    // The innermost axis stays innermost: copy runs of extents[last] elements.
                    let run = extents[last]
                    Tensor.forEachIndex(Array(resultExtents[..<last]), Array(resultSourceStrides[..<last]), Array(resultStrides[..<last])) { from, to in
                        (target + to).update(from: source + from, count: run)
                    }
                } else {
                    // Tiles between the result's innermost axis (source axis permutation[last], stride
                    // `across` in the source) and the source's innermost one (result axis `inner`,
                    // stride `down` in the result); the other axes are looped over outside.
                    let inner = permutation.firstIndex(of: last)!
                    let (rows, columns) = (resultExtents[last], resultExtents[inner])
                    let across = resultSourceStrides[last], down = resultStrides[inner]
                    let others = (0..<extents.count).filter { $0 != last && $0 != inner }
                    Tensor.forEachIndex(others.map { resultExtents[$0] }, others.map { resultSourceStrides[$0] }, others.map { resultStrides[$0] }) { from, to in
                        let block = 32
                        for i0 in stride(from: 0, to: rows, by: block) {
                            let i1 = Swift.min(i0 + block, rows)
                            for j0 in stride(from: 0, to: columns, by: block) {
                                let j1 = Swift.min(j0 + block, columns)
                                for j in j0..<j1 {
                                    let read = source + from + j, write = target + to + j * down
                                    for i in i0..<i1 { write[i] = read[i * across] }
                                }
                            }
                        }
                    }
                }
            }
        })
    }

    /// The shape and permutation with extent-1 axes dropped and adjacent axes that stay adjacent
    /// merged: `permuted` on the result moves the same elements. An empty shape stands for a
    /// single element (or none); the permutation then is `[]`.
    static func mergedAxes(_ shape: [Int], _ order: [Int]) -> (extents: [Int], permutation: [Int]) {
        // Drop the extent-1 axes and number the others 0..<k in source order.
        let kept = shape.indices.filter { shape[$0] != 1 }
        var number = [Int](repeating: -1, count: shape.count)
        for (k, axis) in kept.enumerated() { number[axis] = k }
        let reduced = order.compactMap { number[$0] >= 0 ? number[$0] : nil }
        // Runs k, k + 1, … in the result order are one axis.
        var groups: [[Int]] = []
        for axis in reduced {
            if let previous = groups.last?.last, previous + 1 == axis { groups[groups.count - 1].append(axis) } else { groups.append([axis]) }
        }
        let sourceOrder = groups.indices.sorted { groups[$0][0] < groups[$1][0] }
        let extents = sourceOrder.map { groups[$0].reduce(1) { $0 * shape[kept[$1]] } }
        var position = [Int](repeating: 0, count: groups.count)
        for (p, group) in sourceOrder.enumerated() { position[group] = p }
        return (extents, groups.indices.map { position[$0] })
    }

    /// Calls `body(sourceOffset, resultOffset)` for every index of `extents` (row-major), the
    /// offsets being the index's dot products with the two stride lists. No extents: one call.
    static func forEachIndex(_ extents: [Int], _ sourceStrides: [Int], _ resultStrides: [Int], _ body: (Int, Int) -> Void) {
        if extents.contains(0) { return }
        var index = [Int](repeating: 0, count: extents.count)
        var from = 0, to = 0
        while true {
            body(from, to)
            var axis = extents.count - 1
            while axis >= 0 {
                index[axis] += 1
                from += sourceStrides[axis]
                to += resultStrides[axis]
                if index[axis] < extents[axis] { break }
                from -= sourceStrides[axis] * extents[axis]
                to -= resultStrides[axis] * extents[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
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
