import DescentCore

/// L-BFGS-B: limited-memory BFGS for min f(x) subject to l ≤ x ≤ u (Byrd, Lu, Nocedal and Zhu).
///
/// The quasi-Newton model uses the compact form B = θI − W M Wᵀ of the last m pairs (sᵢ, yᵢ), with
/// W = [Y  θS] (n × 2m), M = [[−D, Lᵀ], [L, θSᵀS]]⁻¹, D = diag(sᵢᵀyᵢ), Lᵢⱼ = sᵢᵀyⱼ (i > j) and
/// θ = yᵀy/sᵀy of the newest pair (θ = 1, B = I before any). Each iteration:
/// 1. **Generalized Cauchy point** x^c: the first local minimizer of the quadratic model
///    m(x) = f + gᵀ(x − x_k) + ½(x − x_k)ᵀB(x − x_k) along the projected steepest-descent path
///    P(x_k − t g), t ≥ 0, found by walking its breakpoints tᵢ (where variable i reaches its bound)
///    with the derivatives f′, f″ of m along each segment updated in O(m) per breakpoint.
/// 2. **Subspace minimization** on the variables free at x^c (the others stay at their bounds):
///    the unconstrained model minimizer d̂ = −θ⁻¹r̂ − θ⁻²ZᵀW(K − θ⁻¹WᵀZZᵀW)⁻¹WᵀZr̂ (Sherman–
///    Morrison–Woodbury, with K = M⁻¹ and r̂ = Zᵀ(g + θ(x^c − x_k) − W M c) the reduced gradient at
///    x^c), then x̄ = P(x^c + Z d̂) as in Morales and Nocedal's 2011 revision, falling back to the
///    longest feasible fraction of d̂ (the 1995 rule), then to x^c, when x̄ − x_k is not a descent
///    direction.
/// 3. **Line search** along d = x̄ − x_k with steps α ≤ 1 (so every trial stays in the box): strong
///    Wolfe, trying α = 1, or min(1, 1/‖d‖₂) on the first iteration. Pairs with sᵀy ≤ ε·yᵀy are not
///    stored; a failed line search or a non-descent direction clears the memory once and retries
///    from the projected gradient path.
///
/// A starting point outside the box is projected into it first, so x₀ is P(x₀). The driver's
/// stationarity measure is the projected gradient ‖P(x − ∇f(x)) − x‖ (∞-norm by default, SciPy's
/// `pgtol` test), zero exactly at the first-order points of the box. Rounding-level excursions of
/// x + αd past a bound (α = 1 lands on x̄ only up to rounding) are clamped. Cost per iteration:
/// O(mn) for the products with W plus O(m³) for the 2m × 2m systems and O(n log n) for sorting
/// the breakpoints; memory O(mn).
///
/// Reference: R. H. Byrd, P. Lu, J. Nocedal and C. Zhu, "A limited memory algorithm for bound
/// constrained optimization", SIAM J. Sci. Comput. 16(5), 1995 (Alg. CP, §5.1 direct primal
/// method); J. L. Morales and J. Nocedal, "Remark on Algorithm 778", ACM TOMS 38(1), 2011.
public struct LBFGSB: OptimizationMethod {
    /// The box l ≤ x ≤ u.
    public var bounds: Bounds
    /// The number m of stored pairs (default 10).
    public var memory: Int
    /// The line search (default strong Wolfe, c₂ = 0.9); its largest step is always capped at 1.
    public var lineSearch: StrongWolfeLineSearch

    /// L-BFGS-B on a box with memory m.
    public init(bounds: Bounds, memory: Int = 10, lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch()) {
        precondition(memory >= 1, "LBFGSB: memory must be at least 1, got \(memory)")
        self.bounds = bounds
        self.memory = memory
        self.lineSearch = lineSearch
    }

    /// The name shown in results and traces.
    public var name: String { "L-BFGS-B" }

    /// The stored pairs (newest last) and θ.
    public struct State {
        var s: [[Double]] = []
        var y: [[Double]] = []
        var theta = 1.0
    }

    /// Value and gradient at P(x): a start outside the box is projected into it.
    public func evaluate(_ x: Tensor, problem: ObjectiveEvaluator) -> Iterate {
        // A point of the wrong size is evaluated as given; `initialState` then reports the mismatch.
        let point = x.count == bounds.count ? bounds.project(x) : x
        let (f, g) = problem.valueAndGradient(point)
        return Iterate(x: point, value: f, gradient: g)
    }

    /// The state before the first step: an empty memory.
    /// - Throws: `BoundsError.dimensionMismatch` when the bounds are for another number of variables.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        guard start.x.count == bounds.count else {
            throw BoundsError.dimensionMismatch(bounds: bounds.count, variables: start.x.count)
        }
        return State()
    }

    /// The projected gradient ‖P(x − ∇f) − x‖ in the requested norm.
    public func stationarity(of iterate: Iterate, state: State, norm: NormKind) -> Double {
        bounds.projectedGradient(at: iterate.x, gradient: iterate.gradient).norm(norm)
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        for attempt in 0..<2 {
            if attempt == 1 {
                if state.s.isEmpty { return .failed }
                state = State()
            }
            guard let d = searchDirection(current, state) else { continue }
            let direction = Tensor(d).reshaped(current.x.shape)
            let length = euclideanNorm(d)
            var search = lineSearch
            search.maxStep = 1
            let initial = state.s.isEmpty ? Swift.min(1, 1 / length) : 1
            guard let found = search.search(problem: problem, from: current, direction: direction,
                                            initialStep: initial, iteration: iteration) else { continue }
            var next = found.iterate
            if !bounds.contains(next.x) { next.x = bounds.project(next.x) }
            let s = zip(next.x.scalars, current.x.scalars).map { $0 - $1 }
            let y = zip(next.gradient.scalars, current.gradient.scalars).map { $0 - $1 }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            let yy = y.reduce(0) { $0 + $1 * $1 }
            if sy > Double.ulpOfOne * yy && sy.isFinite && yy.isFinite {
                if state.s.count == memory { state.s.removeFirst(); state.y.removeFirst() }
                state.s.append(s)
                state.y.append(y)
                state.theta = yy / sy
            }
            return .moved(next)
        }
        return .failed
    }

    /// x̄ − x_k from the Cauchy point and the subspace minimization, or `nil` when it is not a
    /// descent direction (or the memory's middle matrix is singular).
    private func searchDirection(_ current: Iterate, _ state: State) -> [Double]? {
        let x = current.x.scalars, g = current.gradient.scalars
        let n = x.count, m = state.s.count, theta = state.theta
        let l = bounds.lower, u = bounds.upper
        let width = 2 * m

        // K = M⁻¹ and M itself (2m × 2m, row-major).
        var k = [Double](repeating: 0, count: width * width)
        var middle = [Double]()
        if m > 0 {
            for a in 0..<m {
                for b in 0..<m {
                    let sy = dotProduct(state.s[a], state.y[b])
                    if a == b { k[a * width + a] = -sy }
                    if a > b {
                        k[(m + a) * width + b] = sy        // L
                        k[b * width + (m + a)] = sy        // Lᵀ
                    }
                    k[(m + a) * width + (m + b)] = theta * dotProduct(state.s[a], state.s[b])
                }
            }
            guard let factor = try? LU(Tensor(shape: [width, width], scalars: k)) else { return nil }
            middle = factor.solve(Tensor.identity(width)).scalars
        }
        func wRow(_ i: Int) -> [Double] {
            var row = [Double](repeating: 0, count: width)
            for a in 0..<m { row[a] = state.y[a][i]; row[m + a] = theta * state.s[a][i] }
            return row
        }
        func timesM(_ v: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: width)
            for a in 0..<width { var t = 0.0; for b in 0..<width { t += middle[a * width + b] * v[b] }; out[a] = t }
            return out
        }

        // 1. Generalized Cauchy point along P(x − t g).
        var breakpoint = [Double](repeating: .infinity, count: n)
        var d = [Double](repeating: 0, count: n)
        for i in 0..<n {
            if g[i] < 0 { breakpoint[i] = u[i] == .infinity ? .infinity : Swift.max(0, (x[i] - u[i]) / g[i]) }
            else if g[i] > 0 { breakpoint[i] = l[i] == -.infinity ? .infinity : Swift.max(0, (x[i] - l[i]) / g[i]) }
            if g[i] != 0 && breakpoint[i] > 0 { d[i] = -g[i] }
        }
        var p = [Double](repeating: 0, count: width)
        if m > 0 { for i in 0..<n where d[i] != 0 { let w = wRow(i); for a in 0..<width { p[a] += w[a] * d[i] } } }
        var c = [Double](repeating: 0, count: width)
        var slope = -d.reduce(0) { $0 + $1 * $1 }
        var curvature = -theta * slope - (m > 0 ? dotProduct(p, timesM(p)) : 0)
        var stepToMinimum = curvature > 0 ? -slope / curvature : 0
        var reached = 0.0
        var xcp = x
        let order = (0..<n).filter { d[$0] != 0 && breakpoint[$0].isFinite }.sorted { breakpoint[$0] < breakpoint[$1] }
        for b in order {
            let segment = breakpoint[b] - reached
            if stepToMinimum < segment { break }
            xcp[b] = d[b] > 0 ? u[b] : l[b]
            let zb = xcp[b] - x[b], gb = g[b]
            for a in 0..<width { c[a] += segment * p[a] }
            slope += segment * curvature + gb * gb + theta * gb * zb
            curvature -= theta * gb * gb
            if m > 0 {
                let w = wRow(b)
                let mw = timesM(w)
                slope -= gb * dotProduct(mw, c)      // wᵦᵀMc (M symmetric)
                curvature -= 2 * gb * dotProduct(mw, p) + gb * gb * dotProduct(w, mw)
                for a in 0..<width { p[a] += gb * w[a] }
            }
            d[b] = 0
            stepToMinimum = curvature > 0 ? -slope / curvature : 0
            reached = breakpoint[b]
        }
        stepToMinimum = Swift.max(stepToMinimum, 0)
        if !stepToMinimum.isFinite { return nil }
        reached += stepToMinimum
        for i in 0..<n where d[i] != 0 { xcp[i] = x[i] + reached * d[i] }
        for a in 0..<width { c[a] += stepToMinimum * p[a] }

        // 2. Subspace minimization over the variables free at the Cauchy point.
        let free = (0..<n).filter { l[$0] < xcp[$0] && xcp[$0] < u[$0] }
        var xbar = xcp
        if !free.isEmpty {
            let mc = m > 0 ? timesM(c) : []
            var reduced = [Double](repeating: 0, count: free.count)
            for (f, i) in free.enumerated() {
                reduced[f] = g[i] + theta * (xcp[i] - x[i]) - (m > 0 ? dotProduct(wRow(i), mc) : 0)
            }
            var correction = [Double](repeating: 0, count: width)
            if m > 0 {
                var wtz = [Double](repeating: 0, count: width)
                var system = k
                for (f, i) in free.enumerated() {
                    let w = wRow(i)
                    for a in 0..<width {
                        wtz[a] += w[a] * reduced[f]
                        for b in 0..<width { system[a * width + b] -= w[a] * w[b] / theta }
                    }
                }
                guard let factor = try? LU(Tensor(shape: [width, width], scalars: system)) else { return nil }
                correction = factor.solve(Tensor(wtz)).scalars
            }
            var du = [Double](repeating: 0, count: free.count)
            for (f, i) in free.enumerated() {
                du[f] = -reduced[f] / theta - (m > 0 ? dotProduct(wRow(i), correction) / (theta * theta) : 0)
            }
            for (f, i) in free.enumerated() { xbar[i] = Swift.min(Swift.max(xcp[i] + du[f], l[i]), u[i]) }
            if !isDescent(xbar, x, g) {
                var fraction = 1.0
                for (f, i) in free.enumerated() {
                    if du[f] > 0 { fraction = Swift.min(fraction, (u[i] - xcp[i]) / du[f]) }
                    if du[f] < 0 { fraction = Swift.min(fraction, (l[i] - xcp[i]) / du[f]) }
                }
                for (f, i) in free.enumerated() { xbar[i] = xcp[i] + Swift.max(0, fraction) * du[f] }
                if !isDescent(xbar, x, g) { xbar = xcp }
            }
        }
        guard isDescent(xbar, x, g) else { return nil }
        return zip(xbar, x).map { $0 - $1 }
    }

    private func isDescent(_ xbar: [Double], _ x: [Double], _ g: [Double]) -> Bool {
        var slope = 0.0
        for i in x.indices { slope += (xbar[i] - x[i]) * g[i] }
        return slope < 0
    }
}

/// Σ aᵢbᵢ of two plain arrays of equal length.
private func dotProduct(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}
