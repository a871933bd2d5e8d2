import DescentCore

extension Variable {
    /// The Jacobian of this (tracked) variable with respect to `input`, as an m × n matrix with
    /// row i = ∂selfᵢ/∂input (both flattened row-major): the reverse-mode rows eᵢᵀ·J.
    ///
    /// The rows are computed k at a time by batched reverse sweeps (`batchedGradients`), seeded
    /// with k rows of the identity, so the per-node cost of a sweep is paid once per block rather
    /// than once per row; k is chosen so that a block's cotangents stay within about 64 MB. When an
    /// operation on the path has no batched pullback, it falls back to one sweep per row.
    /// - Parameter elementBudget: the most doubles a block's cotangents may hold (tests lower it to
    ///   exercise blocking).
    /// - Complexity: ⌈m/k⌉ batched sweeps (each about k reverse sweeps' arithmetic), or m sweeps.
    func jacobianRows(withRespectTo input: Variable, elementBudget: Int = Variable.batchElementBudget) -> Tensor {
        let (m, n) = (count, input.count)
        var rows = [Double](repeating: 0, count: m * n)
        let block = Swift.max(1, Swift.min(m, elementBudget / Swift.max(1, graphElementCount)))
        var start = 0
        while start < m {
            let k = Swift.min(block, m - start)
            let seeds = Tensor(shape: [k] + shape, unsafeUninitialized: { s in
                s.initialize(repeating: 0)
                for j in 0..<k { s[j * m + start + j] = 1 }
            })
            guard let stacked = batchedGradients(withRespectTo: [input], seeds: seeds)?[0] else { break }
            rows.replaceSubrange((start * n)..<((start + k) * n), with: stacked.scalars)
            start += k
        }
        // Unbatched fallback for whatever the batched sweeps did not cover.
        for i in start..<m {
            let row = gradients(withRespectTo: [input], seed: Variable(Tensor.oneHot(shape, at: i)))[0].value
            rows.replaceSubrange((i * n)..<((i + 1) * n), with: row.scalars)
        }
        return Tensor(shape: [m, n], scalars: rows)
    }

    /// Elements (doubles) a block of batched cotangents may hold across the whole graph: 2²³, 64 MB.
    static let batchElementBudget = 1 << 23

    /// The number of elements held by the values of all nodes this variable depends on (an upper
    /// bound on the size of one set of cotangents of a sweep).
    var graphElementCount: Int {
        guard let root = node else { return count }
        let order = Variable.topologicalOrder(from: root)
        defer { for node in order { node.sweepPosition = -1; node.sweepRelevant = false } }
        return order.reduce(0) { $0 + $1.value.count }
    }
}
