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
        guard let root = node else {
            return variables.map { Variable(Tensor.zeros($0.shape)) }
        }
        var targets = Set<ObjectIdentifier>()
        for v in variables { if let n = v.node { targets.insert(ObjectIdentifier(n)) } }
        let graph = TopologicalOrder(root: root, targets: targets)

        var cotangents = [Variable?](repeating: nil, count: graph.nodes.count)
        cotangents[graph.nodes.count - 1] = seed
        for position in stride(from: graph.nodes.count - 1, through: 0, by: -1) {
            guard graph.relevant[position], let cotangent = cotangents[position] else { continue }
            let node = graph.nodes[position]
            guard let pullback = node.pullback else { continue }
            if !targets.contains(ObjectIdentifier(node)) { cotangents[position] = nil }  // free early
            let inputPositions = graph.inputPositions[position]
            var needs = [Bool](repeating: false, count: inputPositions.count)
            for (i, p) in inputPositions.enumerated() where p >= 0 { needs[i] = graph.relevant[p] }
            let context: PullbackContext
            if createGraph {
                context = PullbackContext(cotangent: cotangent, inputs: node.inputs,
                                          output: Variable(value: node.value, node: node), needs: needs)
            } else {
                context = PullbackContext(cotangent: cotangent.detached,
                                          inputs: node.inputs.map { $0.detached },
                                          output: Variable(node.value), needs: needs)
            }
            let local = pullback(context)
            for (i, p) in inputPositions.enumerated() where needs[i] {
                guard let contribution = local[i] else { continue }
                precondition(contribution.shape == node.inputs[i].shape,
                             "gradients: pullback produced shape \(contribution.shape) for an input of shape \(node.inputs[i].shape)")
                cotangents[p] = Variable.accumulate(cotangents[p], contribution, inPlace: !createGraph)
            }
        }
        return variables.map { v in
            if let n = v.node, let p = graph.position[ObjectIdentifier(n)], let g = cotangents[p] {
                return createGraph ? g : g.detached
            }
            return Variable(Tensor.zeros(v.shape))
        }
    }

    /// Adds a cotangent contribution; in place (BLAS axpy on the existing buffer) on the fast
    /// path, as a recorded addition when a graph is being built.
    static func accumulate(_ existing: Variable?, _ contribution: Variable, inPlace: Bool) -> Variable {
        guard let existing else { return contribution }
        if inPlace {
            var sum = existing.value
            sum.addScaled(contribution.value, by: 1)
            return Variable(sum)
        }
        return existing + contribution
    }
}

/// The nodes reachable from an output in topological order (every node after its inputs), with,
/// for each node, whether it lies on a path to a requested variable.
struct TopologicalOrder {
    var nodes: [Node] = []
    var relevant: [Bool] = []
    /// For each node, the positions of its inputs' nodes (−1 for a constant input).
    var inputPositions: [[Int]] = []
    var position: [ObjectIdentifier: Int] = [:]

    init(root: Node, targets: Set<ObjectIdentifier>) {
        // Iterative depth-first search: recursion would overflow the stack on long chains
        // (a loop of 10⁵ additions is a graph of depth 10⁵).
        var stack: [(node: Node, next: Int)] = [(root, 0)]
        var visiting = Set<ObjectIdentifier>([ObjectIdentifier(root)])
        while !stack.isEmpty {
            let (node, next) = stack[stack.count - 1]
            if next < node.inputs.count {
                stack[stack.count - 1].next += 1
                if let input = node.inputs[next].node {
                    let id = ObjectIdentifier(input)
                    if position[id] == nil && !visiting.contains(id) {
                        visiting.insert(id)
                        stack.append((input, 0))
                    }
                }
                continue
            }
            stack.removeLast()
            let id = ObjectIdentifier(node)
            var isRelevant = targets.contains(id)
            var positions = [Int](repeating: -1, count: node.inputs.count)
            for (i, input) in node.inputs.enumerated() {
                guard let n = input.node, let p = position[ObjectIdentifier(n)] else { continue }
                positions[i] = p
                if relevant[p] { isRelevant = true }
            }
            position[id] = nodes.count
            nodes.append(node)
            relevant.append(isRelevant)
            inputPositions.append(positions)
        }
    }
}
