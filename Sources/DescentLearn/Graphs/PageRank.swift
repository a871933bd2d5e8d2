import DescentCore

/// PageRank of every node of `graph`, as networkx's `pagerank` defines it.
///
/// With P the row-stochastic link matrix (Pᵤᵥ = Aᵤᵥ / Σᵥ Aᵤᵥ; an undirected edge links both
/// ways), d the indicator of dangling nodes (no out-weight), p the personalization and w the
/// dangling distribution (both normalized to sum 1), the scores are the fixed point
///
///     x = α (Pᵀx + (dᵀx) w) + (1 − α) p,   1ᵀx = 1,
///
/// equivalently the solution of the linear system M x = (1 − α) p, M = I − α(Pᵀ + w dᵀ), which is
/// non-singular for α < 1 (Langville and Meyer, "Deeper inside PageRank", Internet Math. 1, 2004).
/// Defaults follow networkx: p uniform, w = p, the start uniform.
///
/// - Parameters:
///   - graph: the graph; edge weights are used when it has them.
///   - personalization: teleport weights per node (nil: uniform); normalized to sum 1.
///   - dangling: where a dangling node's score goes (nil: as `personalization`); normalized.
///   - start: the initial vector (nil: uniform 1/n); normalized.
///   - options: damping α, tolerance (stop when the L1 change or residual < n·tol), iteration
///     limit, and the solver (`.power` reproduces networkx's iterates exactly).
/// - Throws: `GraphError.emptyGraph`; `.invalidNodeVector` for a vector whose length is not n,
///   with a negative or non-finite entry, or summing to 0; `.degreeOverflow` when a weighted
///   out-degree is infinite.
/// - Complexity: O(m) per iteration; memory: the graph's CSR plus a few vectors of n (Gauss–Seidel on
///   a directed graph also holds the transposed CSR).
/// - Reference: L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank citation ranking", Stanford
///   tech. report 1999-66; networkx `pagerank_scipy` for the exact conventions.
public func pageRank(of graph: Graph, personalization: [Double]? = nil, dangling: [Double]? = nil,
                     start: [Double]? = nil, options: PageRankOptions = PageRankOptions()) throws -> PageRankResult {
    let n = graph.nodeCount
    guard n > 0 else { throw GraphError.emptyGraph }
    func normalized(_ vector: [Double]?, _ name: String) throws -> [Double] {
        guard let vector else { return [Double](repeating: 1 / Double(n), count: n) }
        guard vector.count == n else { throw GraphError.invalidNodeVector(name: name, reason: "has \(vector.count) entries for \(n) nodes") }
        if let v = vector.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
            throw GraphError.invalidNodeVector(name: name, reason: "has \(vector[v]) at node '\(graph.nodeNames[v])'; entries must be finite and ≥ 0")
        }
        let sum = vector.reduce(0.0) { $0 + $1 }
        guard sum > 0 && sum.isFinite else { throw GraphError.invalidNodeVector(name: name, reason: "sums to \(sum); it needs a positive finite sum") }
        return vector.map { $0 / sum }
    }
    let p = try normalized(personalization, "personalization")
    let w = dangling == nil ? p : try normalized(dangling, "dangling")
    let x0 = try normalized(start, "start")
    let outDegree = graph.degrees()
    if let v = outDegree.firstIndex(where: { !$0.isFinite }) { throw GraphError.degreeOverflow(node: graph.nodeNames[v]) }
    let system = PageRankSystem(adjacency: graph.adjacency, outDegree: outDegree, damping: options.damping, teleport: p, danglingWeights: w)
    let limit = n == 0 ? 0 : Double(n) * options.tolerance
    switch options.method {
    case .power: return system.powerIteration(from: x0, threshold: limit, maxIterations: options.maxIterations)
    case .gaussSeidel:
        let incoming = graph.isDirected ? graph.adjacency.transposed : graph.adjacency
        return system.gaussSeidel(incoming: incoming, from: x0, threshold: limit, maxIterations: options.maxIterations)
    case .krylov: return system.biCGSTAB(from: x0, threshold: limit, maxIterations: options.maxIterations)
    }
}

/// The PageRank fixed point x = α(Pᵀx + (dᵀx)w) + (1 − α)p and its three solvers, sharing the
/// scatter product with Pᵀ (rows of the CSR streamed once, no transposed copy).
struct PageRankSystem {
    let adjacency: SparseMatrix
    /// 1/dᵤ, or 0 for a dangling node (networkx's `Q`).
    let inverseOutDegree: [Double]
    let danglingNodes: [Int]
    let damping: Double
    let teleport: [Double]
    let danglingWeights: [Double]
    /// Whether every stored weight is 1 (an unweighted graph): the products then skip the values
    /// array, two thirds of the bytes streamed per edge.
    let unitWeights: Bool

    init(adjacency: SparseMatrix, outDegree: [Double], damping: Double, teleport: [Double], danglingWeights: [Double]) {
        self.adjacency = adjacency
        inverseOutDegree = outDegree.map { $0 != 0 ? 1 / $0 : 0 }
        danglingNodes = outDegree.indices.filter { outDegree[$0] == 0 }
        self.damping = damping
        self.teleport = teleport
        self.danglingWeights = danglingWeights
        unitWeights = adjacency.values.allSatisfy { $0 == 1 }
    }

    var n: Int { adjacency.rows }

    /// y = Pᵀx: each row u scatters xᵤ/dᵤ·Aᵤᵥ to yᵥ. Returns the dangling mass dᵀx.
    func linkProduct(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) -> Double {
        y.update(repeating: 0)
        adjacency.rowOffsets.withUnsafeBufferPointer { offsets in
            adjacency.columnIndices.withUnsafeBufferPointer { columns in
                adjacency.values.withUnsafeBufferPointer { values in
                    inverseOutDegree.withUnsafeBufferPointer { inverse in
                        for u in 0..<n {
                            let f = x[u] * inverse[u]
                            if f == 0 { continue }
                            if unitWeights {
                                for e in offsets[u]..<offsets[u + 1] { y[Int(columns[e])] += f }
                            } else {
                                for e in offsets[u]..<offsets[u + 1] { y[Int(columns[e])] += f * values[e] }
                            }
                        }
                    }
                }
            }
        }
        var mass = 0.0
        for u in danglingNodes { mass += x[u] }
        return mass
    }

    /// One power step y = G(x) = α(Pᵀx + (dᵀx)w) + (1 − α)p, returning ‖y − x‖₁ (networkx's `err`).
    func powerStep(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) -> Double {
        let mass = linkProduct(x, into: y)
        var change = 0.0
        teleport.withUnsafeBufferPointer { p in
            danglingWeights.withUnsafeBufferPointer { w in
                for i in 0..<n {
                    y[i] = damping * (y[i] + mass * w[i]) + (1 - damping) * p[i]
                    change += abs(y[i] - x[i])
                }
            }
        }
        return change
    }

    /// networkx's loop: xₖ = G(xₖ₋₁) until ‖xₖ − xₖ₋₁‖₁ < n·tol.
    func powerIteration(from start: [Double], threshold: Double, maxIterations: Int) -> PageRankResult {
        var x = start
        var y = [Double](repeating: 0, count: n)
        if maxIterations == 0 {
            let change = x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { powerStep(xp, into: $0) } }
            return PageRankResult(scores: x, iterations: 0, residual: change,
                                  termination: change < threshold ? .convergedResidual : .iterationLimit)
        }
        var change = Double.infinity
        for k in 1...maxIterations {
            change = x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { powerStep(xp, into: $0) } }
            swap(&x, &y)
            if change < threshold { return PageRankResult(scores: x, iterations: k, residual: change, termination: .convergedResidual) }
            if !change.isFinite { return PageRankResult(scores: x, iterations: k, residual: change, termination: .nonFiniteValue) }
        }
        return PageRankResult(scores: x, iterations: maxIterations, residual: change, termination: .iterationLimit)
    }

    /// Gauss–Seidel on M x = (1 − α)p, row i of M being
    /// xᵢ − α Σⱼ Aⱼᵢ/dⱼ xⱼ − α wᵢ Σ_{dangling j} xⱼ; `incoming` is Aᵀ (row i lists the in-links of i).
    /// The dangling sum is kept current as dangling nodes change, so every update uses the newest
    /// values: a true Gauss–Seidel sweep on the full (rank-one-updated) matrix, which converges
    /// because M is a non-singular M-matrix (column diagonally dominant).
    func gaussSeidel(incoming: SparseMatrix, from start: [Double], threshold: Double, maxIterations: Int) -> PageRankResult {
        var x = start
        // zⱼ = xⱼ/dⱼ, the share of xⱼ each out-link carries, updated with x.
        var z = zip(start, inverseOutDegree).map { $0 * $1 }
        var previous = start
        var isDangling = [Bool](repeating: false, count: n)
        for u in danglingNodes { isDangling[u] = true }
        var mass = 0.0
        for u in danglingNodes { mass += x[u] }
        var iterations = 0
        var change = Double.infinity
        var termination = Termination.iterationLimit
        while iterations < maxIterations {
            previous.withUnsafeMutableBufferPointer { previous in
                x.withUnsafeMutableBufferPointer { x in
                    z.withUnsafeMutableBufferPointer { z in
                        _ = previous.update(fromContentsOf: x)
                        sweep(incoming, x, z, isDangling, &mass)
                        // The solution sums to 1; rescaling removes the error along the dominant
                        // mode, which Gauss–Seidel alone damps only by about α per sweep (power
                        // iteration keeps the sum exactly, so only the faster modes remain).
                        var sum = 0.0
                        for i in 0..<n { sum += x[i] }
                        let scale = sum > 0 && sum.isFinite ? 1 / sum : 1
                        change = 0
                        for i in 0..<n {
                            x[i] *= scale
                            z[i] *= scale
                            change += abs(x[i] - previous[i])
                        }
                        mass *= scale
                    }
                }
            }
            iterations += 1
            if change < threshold { termination = .convergedResidual; break }
            if !change.isFinite { termination = .nonFiniteValue; break }
        }
        if maxIterations == 0 {
            change = x.withUnsafeBufferPointer { xp in
                var y = [Double](repeating: 0, count: n)
                return y.withUnsafeMutableBufferPointer { powerStep(xp, into: $0) }
            }
            if change < threshold { termination = .convergedResidual }
        }
        return PageRankResult(scores: PageRankSystem.unitSum(x), iterations: iterations, residual: change, termination: termination)
    }

    /// One Gauss–Seidel sweep over the nodes in order, updating x, z = x/d and the dangling mass in place.
    private func sweep(_ incoming: SparseMatrix, _ x: UnsafeMutableBufferPointer<Double>, _ z: UnsafeMutableBufferPointer<Double>,
                       _ isDangling: [Bool], _ mass: inout Double) {
        incoming.rowOffsets.withUnsafeBufferPointer { offsets in
            incoming.columnIndices.withUnsafeBufferPointer { columns in
                incoming.values.withUnsafeBufferPointer { values in
                    inverseOutDegree.withUnsafeBufferPointer { inverse in
                        for i in 0..<n {
                            var sum = 0.0, selfLink = 0.0
                            if unitWeights {
                                for e in offsets[i]..<offsets[i + 1] {
                                    let j = Int(columns[e])
                                    if j == i { selfLink = inverse[i] } else { sum += z[j] }
                                }
                            } else {
                                for e in offsets[i]..<offsets[i + 1] {
                                    let j = Int(columns[e])
                                    if j == i { selfLink = values[e] * inverse[i] } else { sum += values[e] * z[j] }
                                }
                            }
                            let dangles = isDangling[i]
                            let others = dangles ? mass - x[i] : mass
                            let rhs = damping * (sum + danglingWeights[i] * others) + (1 - damping) * teleport[i]
                            let diagonal = 1 - damping * selfLink - (dangles ? damping * danglingWeights[i] : 0)
                            let updated = rhs / diagonal
                            if dangles { mass = others + updated }
                            x[i] = updated
                            z[i] = updated * inverse[i]
                        }
                    }
                }
            }
        }
    }

    /// y = M x = x − α(Pᵀx + (dᵀx) w).
    func systemProduct(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let mass = linkProduct(x, into: y)
        danglingWeights.withUnsafeBufferPointer { w in
            for i in 0..<n { y[i] = x[i] - damping * (y[i] + mass * w[i]) }
        }
    }

    /// BiCGSTAB on M x = (1 − α)p, stopped on the true residual ‖(1 − α)p − Mx‖₁ < n·tol (the
    /// recurrence's residual drifts; when it claims convergence the true one is computed, and
    /// the iteration restarts from it if it disagrees).
    func biCGSTAB(from start: [Double], threshold: Double, maxIterations: Int) -> PageRankResult {
        let b = teleport.map { (1 - damping) * $0 }
        var x = start
        var r = [Double](repeating: 0, count: n), shadow = r, direction = r, v = r, s = r, t = r
        func trueResidual() -> Double {
            x.withUnsafeBufferPointer { xp in r.withUnsafeMutableBufferPointer { systemProduct(xp, into: $0) } }
            var norm = 0.0
            for i in 0..<n {
                r[i] = b[i] - r[i]
                norm += abs(r[i])
            }
            return norm
        }
        func dot(_ a: [Double], _ c: [Double]) -> Double {
            var sum = 0.0
            for i in 0..<n { sum += a[i] * c[i] }
            return sum
        }
        func l1(_ a: [Double]) -> Double { a.reduce(0) { $0 + abs($1) } }
        var residual = trueResidual()
        var iterations = 0
        var termination = Termination.iterationLimit
        var rho = 1.0, alpha = 1.0, omega = 1.0
        func restart() {
            shadow = r
            rho = 1; alpha = 1; omega = 1
            for i in 0..<n { direction[i] = 0; v[i] = 0 }
        }
        restart()
        if residual < threshold { termination = .convergedResidual }
        while termination == .iterationLimit && iterations < maxIterations {
            let rhoNext = dot(shadow, r)
            if rhoNext == 0 || !rhoNext.isFinite { termination = rhoNext.isFinite ? .breakdown : .nonFiniteValue; break }
            let beta = (rhoNext / rho) * (alpha / omega)
            for i in 0..<n { direction[i] = r[i] + beta * (direction[i] - omega * v[i]) }
            direction.withUnsafeBufferPointer { dp in v.withUnsafeMutableBufferPointer { systemProduct(dp, into: $0) } }
            let shadowV = dot(shadow, v)
            if shadowV == 0 || !shadowV.isFinite { termination = shadowV.isFinite ? .breakdown : .nonFiniteValue; break }
            alpha = rhoNext / shadowV
            for i in 0..<n { s[i] = r[i] - alpha * v[i] }
            iterations += 1
            rho = rhoNext
            if l1(s) < threshold {
                for i in 0..<n { x[i] += alpha * direction[i] }
            } else {
                s.withUnsafeBufferPointer { sp in t.withUnsafeMutableBufferPointer { systemProduct(sp, into: $0) } }
                let tt = dot(t, t)
                omega = tt > 0 ? dot(t, s) / tt : 0
                for i in 0..<n {
                    x[i] += alpha * direction[i] + omega * s[i]
                    r[i] = s[i] - omega * t[i]
                }
                if omega == 0 || !omega.isFinite {
                    residual = trueResidual()
                    termination = residual < threshold ? .convergedResidual : (omega.isFinite ? .breakdown : .nonFiniteValue)
                    break
                }
                if l1(r) >= threshold { continue }
            }
            residual = trueResidual()
            if residual < threshold { termination = .convergedResidual } else { restart() }
        }
        if termination != .convergedResidual && termination != .breakdown { residual = trueResidual() }
        return PageRankResult(scores: PageRankSystem.unitSum(x), iterations: iterations, residual: residual, termination: termination)
    }

    /// The vector scaled to sum 1 (the exact solution of M x = (1 − α)p sums to 1; this removes
    /// the part of the rounding and stopping error along 1).
    static func unitSum(_ x: [Double]) -> [Double] {
        let sum = x.reduce(0.0) { $0 + $1 }
        return sum > 0 && sum.isFinite ? x.map { $0 / sum } : x
    }
}
