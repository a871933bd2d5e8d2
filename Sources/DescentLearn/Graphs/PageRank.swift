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
/// - Complexity: O(m) per iteration. Memory: the graph's CSR is only read (never copied or
///   transposed); besides it, the inverse out-degrees, p (and w when given), the dangling nodes'
///   indices and the scores, plus one vector of n for power iteration, two for Gauss–Seidel and
///   five for the Krylov method.
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
    // The iterate lives in this one array from start to result: the solvers update it in place.
    var x = try normalized(start, "start")
    let system = try PageRankSystem(graph: graph, damping: options.damping, teleport: p, danglingWeights: w)
    let limit = Double(n) * options.tolerance
    let outcome: PageRankSystem.Outcome
    switch options.method {
    case .power: outcome = system.powerIteration(&x, threshold: limit, maxIterations: options.maxIterations)
    case .gaussSeidel: outcome = system.gaussSeidel(&x, threshold: limit, maxIterations: options.maxIterations)
    case .krylov: outcome = system.biCGSTAB(&x, threshold: limit, maxIterations: options.maxIterations)
    }
    return PageRankResult(scores: x, iterations: outcome.iterations, residual: outcome.residual, termination: outcome.termination)
}

/// The PageRank fixed point x = α(Pᵀx + (dᵀx)w) + (1 − α)p and its three solvers. Every product
/// with Pᵀ streams the rows of the graph's own CSR once and scatters along them, so no solver
/// copies, scales or transposes the matrix; the solvers update the caller's iterate in place.
struct PageRankSystem {
    /// How a solver ended: the fields of `PageRankResult` besides the scores.
    struct Outcome {
        let iterations: Int
        let residual: Double
        let termination: Termination
    }

    let adjacency: SparseMatrix
    /// 1/dᵤ, or 0 for a dangling node (networkx's `Q`): Pᵤᵥ = Aᵤᵥ/dᵤ is formed on the fly.
    let inverseOutDegree: [Double]
    let danglingNodes: [Int]
    let damping: Double
    let teleport: [Double]
    let danglingWeights: [Double]
    /// Whether every stored weight is 1 (an unweighted graph): the products then skip the values
    /// array, two thirds of the bytes streamed per edge.
    let unitWeights: Bool
    /// Whether some Aᵤᵤ is stored (Gauss–Seidel then looks for the diagonal in each row).
    let hasSelfLoops: Bool

    /// - Throws: `GraphError.degreeOverflow` naming a node whose weighted out-degree is infinite.
    init(graph: Graph, damping: Double, teleport: [Double], danglingWeights: [Double]) throws {
        // The out-degrees become their inverses in the same array (one vector of n, not two).
        var inverse = graph.degrees()
        if let v = inverse.firstIndex(where: { !$0.isFinite }) { throw GraphError.degreeOverflow(node: graph.nodeNames[v]) }
        inverse.withUnsafeMutableBufferPointer { d in
            for u in d.indices { d[u] = d[u] != 0 ? 1 / d[u] : 0 }
        }
        adjacency = graph.adjacency
        // A finite non-zero degree has a non-zero inverse, so 0 marks exactly the dangling nodes.
        danglingNodes = inverse.indices.filter { inverse[$0] == 0 }
        inverseOutDegree = inverse
        self.damping = damping
        self.teleport = teleport
        self.danglingWeights = danglingWeights
        unitWeights = graph.adjacency.values.allSatisfy { $0 == 1 }
        hasSelfLoops = graph.selfLoopCount > 0
    }

    var n: Int { adjacency.rows }

    /// The arrays the products read, as buffer pointers valid during `body`.
    struct Buffers {
        let offsets: UnsafeBufferPointer<Int>
        let columns: UnsafeBufferPointer<Int32>
        let values: UnsafeBufferPointer<Double>
        let inverse: UnsafeBufferPointer<Double>
        let teleport: UnsafeBufferPointer<Double>
        let danglingWeights: UnsafeBufferPointer<Double>
    }

    /// Runs `body` with the CSR, the inverse degrees, p and w as buffer pointers (one set of
    /// nested `withUnsafeBufferPointer` calls instead of one per loop).
    func withBuffers<R>(_ body: (Buffers) -> R) -> R {
        adjacency.rowOffsets.withUnsafeBufferPointer { offsets in
            adjacency.columnIndices.withUnsafeBufferPointer { columns in
                adjacency.values.withUnsafeBufferPointer { values in
                    inverseOutDegree.withUnsafeBufferPointer { inverse in
                        teleport.withUnsafeBufferPointer { p in
                            danglingWeights.withUnsafeBufferPointer { w in
                                body(Buffers(offsets: offsets, columns: columns, values: values, inverse: inverse, teleport: p, danglingWeights: w))
                            }
                        }
                    }
                }
            }
        }
    }

    /// y = Pᵀx: each row u scatters xᵤ/dᵤ·Aᵤᵥ to yᵥ. Returns the dangling mass dᵀx.
    func linkProduct(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) -> Double {
        y.update(repeating: 0)
        withBuffers { b in
            // Locals, not fields of `b`: the compiler then keeps them in registers across the stores.
            let (offsets, columns, values, inverse) = (b.offsets, b.columns, b.values, b.inverse)
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
        var mass = 0.0
        for u in danglingNodes { mass += x[u] }
        return mass
    }

    /// One power step y = G(x) = α(Pᵀx + (dᵀx)w) + (1 − α)p, returning ‖y − x‖₁ (networkx's `err`).
    func powerStep(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) -> Double {
        let mass = linkProduct(x, into: y)
        var change = 0.0
        withBuffers { b in
            let (p, w) = (b.teleport, b.danglingWeights)
            for i in 0..<n {
                y[i] = damping * (y[i] + mass * w[i]) + (1 - damping) * p[i]
                change += abs(y[i] - x[i])
            }
        }
        return change
    }

    /// networkx's loop: xₖ = G(xₖ₋₁) until ‖xₖ − xₖ₋₁‖₁ < n·tol; `x` is the start, then the last
    /// iterate. One more vector of n, the two swapping roles each step.
    func powerIteration(_ x: inout [Double], threshold: Double, maxIterations: Int) -> Outcome {
        var y = [Double](repeating: 0, count: n)
        if maxIterations == 0 {
            let change = x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { powerStep(xp, into: $0) } }
            return Outcome(iterations: 0, residual: change, termination: change < threshold ? .convergedResidual : .iterationLimit)
        }
        var change = Double.infinity
        for k in 1...maxIterations {
            change = x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { powerStep(xp, into: $0) } }
            swap(&x, &y)
            if change < threshold { return Outcome(iterations: k, residual: change, termination: .convergedResidual) }
            if !change.isFinite { return Outcome(iterations: k, residual: change, termination: .nonFiniteValue) }
        }
        return Outcome(iterations: maxIterations, residual: change, termination: .iterationLimit)
    }

    /// Gauss–Seidel on M x = (1 − α)p, row i of M being
    /// xᵢ − α Σⱼ Aⱼᵢ/dⱼ xⱼ − α wᵢ Σ_{dangling j} xⱼ, in its scatter form: the in-link sums
    /// σᵢ = Σ_{j ≠ i} Aⱼᵢ xⱼ/dⱼ are kept current, and when node j changes by δ its row of the CSR
    /// adds δ·Aⱼₖ/dⱼ to σₖ. Node i's update then reads the newest xⱼ of every in-link, exactly the
    /// gather form's sweep on the in-links (Aᵀ), but from the out-links the CSR already holds:
    /// one vector σ instead of a transposed copy of the matrix. The dangling sum is kept current
    /// the same way, so this is a true Gauss–Seidel sweep on the full (rank-one-updated) matrix,
    /// which converges because M is a non-singular M-matrix (column diagonally dominant).
    /// `x` is the start, then the last sweep's scores scaled to sum 1.
    func gaussSeidel(_ x: inout [Double], threshold: Double, maxIterations: Int) -> Outcome {
        var inflow = [Double](repeating: 0, count: n)
        var previous = [Double](repeating: 0, count: n)
        var iterations = 0
        var change = Double.infinity
        var termination = Termination.iterationLimit
        x.withUnsafeMutableBufferPointer { x in
            inflow.withUnsafeMutableBufferPointer { inflow in
                previous.withUnsafeMutableBufferPointer { previous in
                    withBuffers { b in
                        if maxIterations == 0 {
                            change = powerStep(UnsafeBufferPointer(x), into: previous)
                            if change < threshold { termination = .convergedResidual }
                            return
                        }
                        // σ = Pᵀx without the diagonal (a self-link is on M's diagonal instead).
                        for j in 0..<n {
                            let f = x[j] * b.inverse[j]
                            if f != 0 { scatter(f, from: j, into: inflow, b.offsets, b.columns, b.values) }
                        }
                        var mass = 0.0
                        for u in danglingNodes { mass += x[u] }
                        while iterations < maxIterations {
                            _ = previous.update(fromContentsOf: x)
                            sweep(x, inflow, &mass, b)
                            // The solution sums to 1; rescaling removes the error along the dominant
                            // mode, which Gauss–Seidel alone damps only by about α per sweep (power
                            // iteration keeps the sum exactly, so only the faster modes remain). σ and
                            // the dangling mass are linear in x, so they scale with it.
                            var sum = 0.0
                            for i in 0..<n { sum += x[i] }
                            let scale = sum > 0 && sum.isFinite ? 1 / sum : 1
                            change = 0
                            for i in 0..<n {
                                x[i] *= scale
                                inflow[i] *= scale
                                change += abs(x[i] - previous[i])
                            }
                            mass *= scale
                            iterations += 1
                            if change < threshold { termination = .convergedResidual; break }
                            if !change.isFinite { termination = .nonFiniteValue; break }
                        }
                    }
                }
            }
        }
        PageRankSystem.scaleToUnitSum(&x)
        return Outcome(iterations: iterations, residual: change, termination: termination)
    }

    /// σₖ += f·Aⱼₖ for the out-links k ≠ j of node j (f = δxⱼ/dⱼ).
    @inline(__always)
    private func scatter(_ f: Double, from j: Int, into inflow: UnsafeMutableBufferPointer<Double>, _ offsets: UnsafeBufferPointer<Int>,
                         _ columns: UnsafeBufferPointer<Int32>, _ values: UnsafeBufferPointer<Double>) {
        if unitWeights {
            for e in offsets[j]..<offsets[j + 1] {
                let k = Int(columns[e])
                if k != j { inflow[k] += f }
            }
        } else {
            for e in offsets[j]..<offsets[j + 1] {
                let k = Int(columns[e])
                if k != j { inflow[k] += f * values[e] }
            }
        }
    }

    /// One Gauss–Seidel sweep over the nodes in order, updating x, the in-link sums σ and the
    /// dangling mass in place.
    private func sweep(_ x: UnsafeMutableBufferPointer<Double>, _ inflow: UnsafeMutableBufferPointer<Double>,
                       _ mass: inout Double, _ b: Buffers) {
        // Locals, not fields of `b`: the compiler then keeps them in registers across the stores.
        let (offsets, columns, values, inverse, p, w) = (b.offsets, b.columns, b.values, b.inverse, b.teleport, b.danglingWeights)
        var danglingMass = mass
        for i in 0..<n {
            var selfLink = 0.0
            if hasSelfLoops {
                for e in offsets[i]..<offsets[i + 1] where Int(columns[e]) == i {
                    selfLink = (unitWeights ? 1 : values[e]) * inverse[i]
                }
            }
            let old = x[i]
            // A dangling node has no out-weight, so exactly its inverse degree is 0.
            let dangles = inverse[i] == 0
            let others = dangles ? danglingMass - old : danglingMass
            let rhs = damping * (inflow[i] + w[i] * others) + (1 - damping) * p[i]
            let diagonal = 1 - damping * selfLink - (dangles ? damping * w[i] : 0)
            let updated = rhs / diagonal
            x[i] = updated
            if dangles {
                danglingMass = others + updated
            } else {
                let f = (updated - old) * inverse[i]
                if f != 0 { scatter(f, from: i, into: inflow, offsets, columns, values) }
            }
        }
        mass = danglingMass
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
    /// the iteration restarts from it if it disagrees). `x` is the start, then the solution scaled
    /// to sum 1. Five vectors of n besides x (r, r̂, p, v, t; s overwrites r, as r is not read
    /// between the two), and b = (1 − α)p is formed where it is read.
    func biCGSTAB(_ xs: inout [Double], threshold: Double, maxIterations: Int) -> Outcome {
        let n = self.n
        let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: 5 * n)
        defer { scratch.deallocate() }
        scratch.initialize(repeating: 0)
        func vector(_ k: Int) -> UnsafeMutableBufferPointer<Double> { UnsafeMutableBufferPointer(rebasing: scratch[k * n ..< (k + 1) * n]) }
        // r doubles as s = r − αv.
        let r = vector(0), shadow = vector(1), direction = vector(2), v = vector(3), t = vector(4)
        let outcome = xs.withUnsafeMutableBufferPointer { x in
            teleport.withUnsafeBufferPointer { p in
                func trueResidual() -> Double {
                    systemProduct(UnsafeBufferPointer(x), into: r)
                    var norm = 0.0
                    for i in 0..<n {
                        r[i] = (1 - damping) * p[i] - r[i]
                        norm += abs(r[i])
                    }
                    return norm
                }
                func dot(_ a: UnsafeMutableBufferPointer<Double>, _ c: UnsafeMutableBufferPointer<Double>) -> Double {
                    var sum = 0.0
                    for i in 0..<n { sum += a[i] * c[i] }
                    return sum
                }
                func l1(_ a: UnsafeMutableBufferPointer<Double>) -> Double {
                    var sum = 0.0
                    for i in 0..<n { sum += abs(a[i]) }
                    return sum
                }
                var residual = trueResidual()
                var iterations = 0
                var termination = Termination.iterationLimit
                var rho = 1.0, alpha = 1.0, omega = 1.0
                func restart() {
                    _ = shadow.update(fromContentsOf: r)
                    rho = 1; alpha = 1; omega = 1
                    direction.update(repeating: 0)
                    v.update(repeating: 0)
                }
                restart()
                if residual < threshold { termination = .convergedResidual }
                while termination == .iterationLimit && iterations < maxIterations {
                    let rhoNext = dot(shadow, r)
                    if rhoNext == 0 || !rhoNext.isFinite { termination = rhoNext.isFinite ? .breakdown : .nonFiniteValue; break }
                    let beta = (rhoNext / rho) * (alpha / omega)
                    for i in 0..<n { direction[i] = r[i] + beta * (direction[i] - omega * v[i]) }
                    systemProduct(UnsafeBufferPointer(direction), into: v)
                    let shadowV = dot(shadow, v)
                    if shadowV == 0 || !shadowV.isFinite { termination = shadowV.isFinite ? .breakdown : .nonFiniteValue; break }
                    alpha = rhoNext / shadowV
                    let s = r
                    for i in 0..<n { s[i] = r[i] - alpha * v[i] }
                    iterations += 1
                    rho = rhoNext
                    if l1(s) < threshold {
                        for i in 0..<n { x[i] += alpha * direction[i] }
                    } else {
                        systemProduct(UnsafeBufferPointer(s), into: t)
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
                return Outcome(iterations: iterations, residual: residual, termination: termination)
            }
        }
        PageRankSystem.scaleToUnitSum(&xs)
        return outcome
    }

    /// Scales x in place to sum 1 (the exact solution of M x = (1 − α)p sums to 1; this removes
    /// the part of the rounding and stopping error along 1).
    static func scaleToUnitSum(_ x: inout [Double]) {
        let sum = x.reduce(0.0) { $0 + $1 }
        guard sum > 0 && sum.isFinite else { return }
        x.withUnsafeMutableBufferPointer { x in
            for i in x.indices { x[i] /= sum }
        }
    }
}
