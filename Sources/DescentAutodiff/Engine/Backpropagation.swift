import DescentCore

extension Variable {
    /// Reverse-mode differentiation: the gradients of this variable with respect to `variables`,
    /// each weighted by `seed` (the vector–Jacobian product seedᵀ·∂self/∂v).
    ///
    /// The sweep sorts the graph topologically (depth-first post-order), then visits nodes from
    /// the output back to the leaves, calling each node's pullback once with the sum of the
    /// cotangents its consumers sent (the multivariate chain rule). Only nodes that lie on a path
    /// to a requested variable are visited.
    ///
    /// - Parameters:
    ///   - variables: tracked variables (usually leaves made with `Variable(tracking:)`). An
    ///     untracked variable, or one this output does not depend on, gets a zero gradient.
    ///   - seed: the output cotangent, same shape as `self`; `nil` means ones (for a scalar
    ///     output, the plain gradient).
    ///   - createGraph: when `true` the pullbacks are recorded too, so the returned gradients are
    ///     tracked and can be differentiated again (Hessian–vector products, Hessians); when
    ///     `false` (the fast path) they are constants and no second graph is built.
    /// - Returns: one gradient per requested variable, each with that variable's shape.
    /// - Complexity: O(number of nodes) plus the cost of the pullbacks, a small constant times
    ///   the cost of the forward computation (Griewank & Walther, *Evaluating Derivatives*, §4.3).
    public func gradients(withRespectTo variables: [Variable], seed: Variable? = nil,
                          createGraph: Bool = false) -> [Variable] {
        let seed = seed ?? Variable(Tensor(shape: shape, repeating: 1))
        precondition(seed.shape == shape,
                     "gradients: seed of shape \(seed.shape) does not match output of shape \(shape)")
        // An unbatched sweep visits every node, so it always returns.
        return sweep(variables, seed: seed, batchShape: [], createGraph: createGraph)!
    }

    /// k vector–Jacobian products in one reverse sweep: `seeds` has shape [k] + `shape`, and the
    /// gradient returned for each variable has shape [k] + that variable's shape, slice j being
    /// seedsⱼᵀ·∂self/∂v. This is JAX's `vmap` of a VJP: each pullback runs once on a stacked
    /// cotangent instead of k times on small ones, which is what makes full Jacobians and Hessians
    /// of small functions cheap (the per-node overhead is paid once instead of k times).
    ///
    /// - Returns: `nil` when an operation on a path to the variables has no batched pullback
    ///   (only operations marked with `supportingBatches()` have one); the caller then sweeps once
    ///   per seed with `gradients(withRespectTo:seed:)`.
    func batchedGradients(withRespectTo variables: [Variable], seeds: Tensor) -> [Tensor]? {
        precondition(seeds.rank == rank + 1 && Array(seeds.shape.dropFirst()) == shape,
                     "batchedGradients: seeds of shape \(seeds.shape) are not a batch of outputs of shape \(shape)")
        // No seed, no product: the sweep would mistake a batch of 0 for an unbatched sweep.
        if seeds.shape[0] == 0 { return variables.map { Tensor.zeros([0] + $0.shape) } }
        return sweep(variables, seed: Variable(seeds), batchShape: [seeds.shape[0]], createGraph: false)?.map(\.value)
    }

    /// The reverse sweep behind `gradients` and `batchedGradients`; `nil` only for a batched sweep
    /// that meets an operation without a batched pullback.
    private func sweep(_ variables: [Variable], seed: Variable, batchShape: [Int], createGraph: Bool) -> [Variable]? {
        let batched = !batchShape.isEmpty
        guard let root = node else {
            return variables.map { Variable(Tensor.zeros(batchShape + $0.shape)) }
        }
        for v in variables { v.node?.sweepTarget = true }
        let order = Variable.topologicalOrder(from: root)
        defer {
            // Also drops the cotangents, which (when a graph is recorded) refer back to the nodes.
            for node in order { node.sweepPosition = -1; node.sweepRelevant = false; node.sweepCotangent = nil }
            for v in variables { v.node?.sweepTarget = false }
        }
        if batched {
            for node in order where node.sweepRelevant && node.pullback != nil && !node.acceptsBatches { return nil }
        }

        // Each node's summed cotangent is kept on the node (`sweepCotangent`), like its position.
        root.sweepCotangent = seed
        for position in stride(from: order.count - 1, through: 0, by: -1) {
            let node = order[position]
            guard node.sweepRelevant, let pullback = node.pullback, let cotangent = node.sweepCotangent else { continue }
            if !node.sweepTarget { node.sweepCotangent = nil }  // free early
            let count = node.inputCount
            var needs = InputMask()
            for i in 0..<count { needs[i] = node.inputNode(i)?.sweepRelevant ?? false }
            let context = PullbackContext(
                // On the fast path cotangents are constants already (computed from detached values).
                cotangent: createGraph || cotangent.node == nil ? cotangent : cotangent.detached,
                inputs: PullbackInputs(node: node, detach: !createGraph),
                node: node,
                createGraph: createGraph,
                needs: needs,
                batchSize: batchShape.first ?? 0)
            let local = pullback(context)
            for i in 0..<count where needs[i] {
                guard let contribution = local[i], let input = node.inputNode(i) else { continue }
                let inputShape = node.inputShape(i)
                precondition(contribution.shape == (batched ? batchShape + inputShape : inputShape),
                             "gradients: pullback produced shape \(contribution.shape) for an input of shape \(inputShape)"
                             + (batched ? " in a batch of \(batchShape)" : ""))
                input.sweepCotangent = Variable.accumulate(input.sweepCotangent, contribution, recording: createGraph)
            }
        }
        return variables.map { v in
            if let n = v.node, n.sweepPosition >= 0, let g = n.sweepCotangent {
                return createGraph ? g : g.detached
            }
            return Variable(Tensor.zeros(batchShape + v.shape))
        }
    }

    /// Adds a cotangent contribution: on the fast path as one fused pass into a new buffer, as a
    /// recorded addition when a graph is being built.
    ///
    /// Why not in place (`addScaled` on the existing buffer): at the call site the node still
    /// holds `existing` as its cotangent, so its buffer is never uniquely referenced here and an in-place add
    /// would first copy it (copy + add: five memory streams and, for small tensors, the standard
    /// library's generic allocation path); the fused sum reads both operands once and writes once.
    static func accumulate(_ existing: Variable?, _ contribution: Variable, recording: Bool) -> Variable {
        guard let existing else { return contribution }
        if !recording { return Variable(existing.value + contribution.value) }
        return existing + contribution
    }

    /// The nodes reachable from `root` in topological order (every node after its inputs), with
    /// each node's `sweepPosition` set and `sweepRelevant` true when it is a target or depends on one.
    ///
    /// Iterative depth-first search: recursion would overflow the stack on long chains (a loop of
    /// 10⁵ additions is a graph of depth 10⁵). The search stack is threaded through the nodes
    /// (`sweepParent`, `sweepNextInput`) so that the order is the only array allocated.
    static func topologicalOrder(from root: Node) -> [Node] {
        // Reserved up front: growing the array one doubling at a time costs more than the whole
        // sort for the small graphs of scalar functions.
        var order: [Node] = []
        order.reserveCapacity(32)
        root.sweepPosition = -2  // on the stack
        // Unowned (no reference counting): every node is kept alive by `root`'s graph for the
        // whole sort, and the counting traffic was about half of the sort's cost on small graphs.
        unowned(unsafe) var node = root
        while true {
            let k = node.sweepNextInput
            if k < node.inputCount {
                node.sweepNextInput = k + 1
                // Only the node: `inputs[k]` would copy the whole Variable (three retains).
                unowned(unsafe) let input = node.inputNode(k)
                if let input, input.sweepPosition == -1 {
                    input.sweepPosition = -2
                    input.sweepParent = node
                    node = input
                } else if let input, input.sweepPosition >= 0 {
                    // Ordered already, by this sort, or else by a sweep still running (a pullback
                    // differentiating a graph that shares nodes with the one being swept), whose
                    // positions would silently corrupt this one.
                    precondition(input.sweepPosition < order.count && order[input.sweepPosition] === input,
                                 "gradients: the graph shares nodes with one being differentiated; a pullback cannot differentiate it")
                }
                continue
            }
            var relevant = node.sweepTarget
            if !relevant {
                for k in 0..<node.inputCount where node.inputNode(k)?.sweepRelevant == true { relevant = true; break }
            }
            node.sweepRelevant = relevant
            node.sweepPosition = order.count
            node.sweepNextInput = 0
            order.append(node)
            guard let parent = node.sweepParent else { break }
            node.sweepParent = nil
            node = parent
        }
        return order
    }
}
