import DescentCore

extension Variable {
    /// The Jacobian of this (tracked) variable with respect to `input`, as an m × n matrix with
    /// row i = ∂selfᵢ/∂input (both flattened row-major): the reverse-mode rows eᵢᵀ·J, i.e.
    /// `stackedPullbacks` seeded with the rows of the identity.
    /// - Parameter elementBudget: see `stackedPullbacks`.
    func jacobianRows(withRespectTo input: Variable, elementBudget: Int = Variable.batchElementBudget) -> Tensor {
        let m = count
        return stackedPullbacks(withRespectTo: input, count: m, elementBudget: elementBudget) { range in
            Tensor(shape: [range.count] + shape, unsafeUninitialized: { s in
                s.initialize(repeating: 0)
                for j in 0..<range.count { s[j * m + range.lowerBound + j] = 1 }
            })
        }
    }

    /// The vector–Jacobian products sᵢᵀ·∂self/∂input for `count` seeds sᵢ (each of this
    /// variable's shape), as a `count` × n matrix (row i flattened, n = input.count).
    ///
    /// The seeds are asked for in blocks (`seeds(range)` returns the seeds of `range` stacked,
    /// shape [range.count] + shape) and each block is one batched reverse sweep
    /// (`batchedGradients`), so the per-node cost of a sweep is paid once per block rather than
    /// once per seed. Blocks are sized so that their cotangents stay within `elementBudget`
    /// doubles in all and, for the largest node, within `batchCacheBudget`; when that leaves room
    /// for fewer than two seeds, or when an operation on the path has no batched pullback, the
    /// (remaining) seeds get one plain sweep each.
    /// - Parameter elementBudget: the most doubles a block's cotangents may hold (64 MB by
    ///   default; tests lower it to exercise blocking).
    /// - Complexity: ⌈count/k⌉ batched sweeps (each about k reverse sweeps' arithmetic), or
    ///   `count` sweeps.
    func stackedPullbacks(withRespectTo input: Variable, count: Int, elementBudget: Int = Variable.batchElementBudget,
                          seeds: (Range<Int>) -> Tensor) -> Tensor {
        let n = input.count
        var rows = [Double](repeating: 0, count: count * n)
        let elements = graphElementCounts
        let block = Swift.min(count, elementBudget / Swift.max(1, elements.total),
                              Variable.batchCacheBudget / Swift.max(1, elements.largest))
        var start = 0
        while block >= 2 && start < count {
            let range = start..<Swift.min(start + block, count)
            guard let stacked = batchedGradients(withRespectTo: [input], seeds: seeds(range))?[0] else { break }
            rows.replaceSubrange((range.lowerBound * n)..<(range.upperBound * n), with: stacked.scalars)
            start = range.upperBound
        }
        // Unbatched fallback for whatever the batched sweeps did not cover.
        for i in start..<count {
            let seed = seeds(i..<(i + 1)).reshaped(shape)
            rows.replaceSubrange((i * n)..<((i + 1) * n), with: gradients(withRespectTo: [input], seed: Variable(seed))[0].value.scalars)
        }
        return Tensor(shape: [count, n], scalars: rows)
    }

    /// Elements (doubles) a block of batched cotangents may hold across the whole graph: 2²³, 64 MB.
    static let batchElementBudget = 1 << 23

    /// Elements (doubles) the stacked cotangent of the largest node may hold: 2¹⁵, 256 KB, so that
    /// an element-wise pullback's operands and result stay in a core's L2 cache. Batching saves
    /// per-node overhead (allocation, shape checks, the pullback call), which matters for small
    /// nodes; for large ones a sweep is arithmetic, and stacking many seeds only moves that
    /// arithmetic out of cache. Measured on Hessian products of a 16-24-1 tanh network
    /// (H·X for 24 columns, one thread): with 16 samples (nodes of 384 elements) blocks of 24
    /// seeds took half the time of one sweep per seed; with 256 samples (6144) blocks of 4–5 did,
    /// while blocks of 24 lost part of the gain; with 1000 samples (24 000) every block size lost
    /// to one plain sweep per seed.
    static let batchCacheBudget = 1 << 15

    /// The numbers of elements held by the values of the nodes this variable depends on: in all
    /// (an upper bound on the size of one set of cotangents of a sweep) and in the largest node.
    var graphElementCounts: (total: Int, largest: Int) {
        guard let root = node else { return (count, count) }
        let order = Variable.topologicalOrder(from: root)
        defer { for node in order { node.sweepPosition = -1; node.sweepRelevant = false } }
        return order.reduce((0, 0)) { ($0.0 + $1.value.count, Swift.max($0.1, $1.value.count)) }
    }
}
