import DescentCore

// Batched reverse sweeps (JAX's `vmap` of a vector–Jacobian product, specialised to reverse mode):
// k seeds travel together as one cotangent with a leading axis of extent k, so each pullback runs
// once per sweep instead of once per seed. The rows of a Jacobian, and of a Hessian (the Jacobian
// of the recorded gradient), then cost one sweep over the graph plus k-fold wider arithmetic,
// instead of k sweeps whose cost for small functions is almost all per-node overhead.
//
// A pullback written for one cotangent is not automatically right for a stack of them: a sum's
// pullback broadcasts a rank-0 cotangent to the input's shape, and a stacked one has rank 1, which
// broadcasts along the wrong axis (or, when k happens to equal the input's length, silently gives
// a wrong result). So batching is opt-in per operation: an operation whose pullback expresses its
// shape changes through the helpers below is marked with `supportingBatches()`, and a batched
// sweep that meets an unmarked operation declines (the caller falls back to one sweep per seed).

extension Variable {
    /// Marks the operation that produced this variable as having a pullback that accepts batched
    /// cotangents (shape `batchShape + outputShape`, see `PullbackContext.batchShape`); returns self.
    func supportingBatches() -> Variable {
        node?.acceptsBatches = true
        return self
    }
}

extension PullbackContext {
    /// Whether this is a batched sweep (the cotangent has leading batch axes).
    var isBatched: Bool { batchSize > 0 }

    /// The number of seeds travelling together (1 in an unbatched sweep).
    var batchCount: Int { Swift.max(batchSize, 1) }

    /// A cotangent at the output's (broadcast) shape summed back to `target`, the shape of an input
    /// that was broadcast to produce the output (the adjoint of broadcasting); batch axes are kept.
    func unbroadcast(_ x: Variable, to target: [Int]) -> Variable {
        guard isBatched else { return x.unbroadcast(to: target) }
        let full = batchShape + target
        if x.shape == full { return x }
        // Unit axes between the batch axes and the target line the target up with the trailing
        // axes of x, so that NumPy's right-aligned rules apply per seed.
        let inner = x.rank - batchShape.count
        let padded = batchShape + [Int](repeating: 1, count: inner - target.count) + target
        return Variable(x.value.summed(toShape: padded).reshaped(full))
    }

    /// `unbroadcast(_:to:)` to the shape of input `i`.
    func unbroadcast(_ x: Variable, toInput i: Int) -> Variable {
        unbroadcast(x, to: inputs.shape(i))
    }

    /// A cotangent repeated along broadcast axes to fill `target` (the adjoint of summing over
    /// them); batch axes are kept.
    func broadcast(_ x: Variable, to target: [Int]) -> Variable {
        guard isBatched else { return x.broadcasted(to: target) }
        let full = batchShape + target
        if x.shape == full { return x }
        return Variable(aligned(x, toRank: target.count).value.broadcasted(to: full))
    }

    /// A cotangent in a new shape with the same elements (per seed in a batch).
    func reshape(_ x: Variable, to target: [Int]) -> Variable {
        isBatched ? x.reshaped(batchShape + target) : x.reshaped(target)
    }

    /// A cotangent of rank r′ ≤ `rank` (per seed) with unit axes inserted after the batch axes, so
    /// that it broadcasts against a tensor of rank `rank` the way an unbatched cotangent would
    /// (e.g. a rank-0 cotangent times a vector). Unchanged in an unbatched sweep.
    func aligned(_ x: Variable, toRank rank: Int) -> Variable {
        let inner = x.rank - batchShape.count
        guard isBatched, inner < rank else { return x }
        let trailing = Array(x.shape.dropFirst(batchShape.count))
        return x.reshaped(batchShape + [Int](repeating: 1, count: rank - inner) + trailing)
    }
}

extension Tensor {
    /// For a stack of k matrices (shape [k, m, n]), each placed at (rowOffset, columnOffset) in a
    /// zero matrix of `target` shape: the batched adjoint of taking a block of a matrix.
    func blocksPadded(toShape target: [Int], rowOffset: Int, columnOffset: Int) -> Tensor {
        let (k, m, n) = (shape[0], shape[1], shape[2])
        let (rows, columns) = (target[0], target[1])
        return Tensor(shape: [k] + target, unsafeUninitialized: { out in
            out.initialize(repeating: 0)
            scalars.withUnsafeBufferPointer { s in
                for b in 0..<k {
                    for i in 0..<m {
                        let to = b * rows * columns + (i + rowOffset) * columns + columnOffset
                        let from = (b * m + i) * n
                        for j in 0..<n { out[to + j] = s[from + j] }
                    }
                }
            }
        })
    }

    /// For a stack of k matrices (shape [k, M, N]), the block in `rows` × `columns` of each.
    func blocksSliced(rows: Range<Int>, columns: Range<Int>) -> Tensor {
        let (k, total) = (shape[0], shape[2])
        let stride = shape[1] * total
        return Tensor(shape: [k, rows.count, columns.count], unsafeUninitialized: { out in
            scalars.withUnsafeBufferPointer { s in
                var to = 0
                for b in 0..<k {
                    for i in rows {
                        let from = b * stride + i * total + columns.lowerBound
                        for j in 0..<columns.count { out[to + j] = s[from + j] }
                        to += columns.count
                    }
                }
            }
        })
    }
}

extension Tensor {
    /// For a stack of k matrices (shape [k, m, n]), each transposed (shape [k, n, m]): the stack
    /// read as one km × n matrix and transposed (DescentCore's cache-blocked `transposed`) holds
    /// the k transposes side by side, [n, k, m]; exchanging the first two axes moves whole rows.
    func stackTransposed() -> Tensor {
        let (k, m, n) = (shape[0], shape[1], shape[2])
        return reshaped([k * m, n]).transposed.reshaped([n, k, m]).leadingAxesSwapped()
    }

    /// A rank-3 tensor with its first two axes exchanged ([a, b, c] → [b, a, c]): whole rows of c
    /// elements move (one copy each), where the general `permuted` computes a multi-index per
    /// element. With c = 1 this is a matrix transpose.
    func leadingAxesSwapped() -> Tensor {
        let (a, b, c) = (shape[0], shape[1], shape[2])
        if c == 1 { return reshaped([a, b]).transposed.reshaped([b, a, 1]) }
        return Tensor(shape: [b, a, c], unsafeUninitialized: { out in
            scalars.withUnsafeBufferPointer { source in
                guard let s = source.baseAddress, let o = out.baseAddress else { return }
                for i in 0..<a {
                    for j in 0..<b { (o + (j * a + i) * c).update(from: s + (i * b + j) * c, count: c) }
                }
            }
        })
    }

    /// `op(a, b)` for operands that broadcast, computed as a matrix and a row when the shape of
    /// one operand (leading unit axes aside) is the trailing part of the other's, of rank 3 or
    /// more: a batched sweep's stack of cotangents, shape [k] + S, against a value of shape S.
    /// DescentCore's element-wise operators have vectorized row kernels for a matrix and a row,
    /// and otherwise (rank 3 and up) take their general broadcasting loop element by element.
    @inline(__always)
    static func broadcastingStack(_ a: Tensor, _ b: Tensor, _ op: (Tensor, Tensor) -> Tensor) -> Tensor {
        if a.rank > 2 && a.shape != b.shape, let rows = a.rows(repeating: b) {
            return op(a.reshaped([rows, b.count]), b.reshaped([b.count])).reshaped(a.shape)
        }
        if b.rank > 2 && a.shape != b.shape, let rows = b.rows(repeating: a) {
            return op(a.reshaped([a.count]), b.reshaped([rows, a.count])).reshaped(b.shape)
        }
        return op(a, b)
    }

    /// The number of repetitions of `row` that make up this tensor when `row`'s shape, without
    /// its leading unit axes, is the trailing part of this shape (and `row` has at least two
    /// elements); nil otherwise.
    private func rows(repeating row: Tensor) -> Int? {
        guard row.count > 1 && row.rank <= rank else { return nil }
        let core = row.shape.drop(while: { $0 == 1 })
        guard shape.suffix(core.count).elementsEqual(core) else { return nil }
        return count / row.count
    }
}
