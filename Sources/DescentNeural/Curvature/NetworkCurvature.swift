import DescentAutodiff
import DescentCore
import DescentOptimize
import Foundation

/// A curvature matrix of a network's risk at θ — the Hessian, the generalized Gauss–Newton matrix,
/// the Fisher (exact, sampled or empirical) or the Hessian's residual term, see `CurvatureKind` — as
/// a matrix-free symmetric `LinearOperator` on the flat parameters, so that `lanczos`,
/// `conjugateGradient`, `hutchinsonTrace`, `hutchPlusPlusTrace`, `stochasticLanczosQuadrature` and
/// the natural-gradient and Hessian-free methods work on it from exact products alone.
///
/// Products are exact (no finite differences) and never form the P × P matrix:
///
/// - Hessian and residual term: per batch, ∇ℓ_b recorded once (`HessianOperator`), then
///   H·v = Σ_b (N_b/N)·H_b·v, one reverse sweep each (batched over the columns of a block by
///   `apply(toColumnsOf:)`). The residual term is the Hessian of θ ↦ Σ_b rᵀ_b f(θ, X_b) with the
///   output gradients r_b = ∂L/∂f_b held fixed.
/// - Gauss–Newton and Fisher: per batch, G_b·v = J_bᵀ·(B_b·(J_b·v)) with J_b·v and J_bᵀ·u by reverse
///   sweeps over recorded graphs (`LinearizedBatch`) and B_b the output-space matrix in closed form
///   (`OutputCurvature`: s·(diag(p) − ppᵀ) per example for cross-entropy, s·I for squared error,
///   s·Σ g gᵀ for the empirical and sampled Fishers).
///
/// Memory: the recorded graphs of every batch (about two to three times the activations of a
/// forward and backward pass per batch) live as long as the operator.
/// Holds recorded graphs; use it from one thread at a time.
///
/// Reference: B. A. Pearlmutter, "Fast exact multiplication by the Hessian", Neural Computation 6,
/// 1994; N. N. Schraudolph, Neural Computation 14, 2002; F. Dangel et al., curvlinops (2023).
public struct NetworkCurvature: LinearOperator {
    /// Which matrix this is.
    public let kind: CurvatureKind
    /// P, the number of parameters.
    public let dimension: Int
    private let hessians: [HessianOperator]
    private let sandwiches: [(batch: LinearizedBatch, curvature: OutputCurvature)]

    /// The `kind` curvature of `risk` at θ.
    /// - Throws: `CurvatureError.nonFinite` for a NaN or ±∞ in θ or in the network's outputs;
    ///   `CurvatureError.countTooSmall` for a Monte Carlo Fisher with fewer than 1 sample.
    /// - Precondition: θ has `risk.parameterCount` elements.
    public init(_ kind: CurvatureKind, of risk: NetworkRisk, at theta: Tensor) throws {
        precondition(theta.count == risk.parameterCount,
                     "NetworkCurvature: θ has \(theta.count) elements for \(risk.parameterCount) parameters")
        if let i = theta.scalars.firstIndex(where: { !$0.isFinite }) {
            throw CurvatureError.nonFinite(what: "parameter vector", index: i, value: theta.scalars[i])
        }
        self.kind = kind
        dimension = risk.parameterCount
        let point = theta.flattened
        switch kind {
        case .hessian:
            hessians = risk.batches.indices.map { b in HessianOperator(of: { risk.weightedBatchLoss(b, $0) }, at: point) }
            sandwiches = []
        case .gaussNewtonResidual:
            hessians = try risk.batches.indices.map { b in
                let f = risk.outputs(Variable(point), Variable(risk.batches[b].inputs)).value
                try Self.requireFinite(f)
                let leaf = Variable(tracking: f)
                let r = risk.loss(leaf, risk.batches[b].targets) * risk.weight(b)
                let outputGradient = r.gradients(withRespectTo: [leaf])[0].value
                return HessianOperator(of: { theta in
                    (risk.outputs(theta, Variable(risk.batches[b].inputs)) * Variable(outputGradient)).sum()
                }, at: point)
            }
            sandwiches = []
        case .gaussNewton, .fisher, .monteCarloFisher, .empiricalFisher:
            if case let .monteCarloFisher(samples, _) = kind, samples < 1 {
                throw CurvatureError.countTooSmall(what: "Monte Carlo samples", count: samples, minimum: 1)
            }
            var generator: SeededGenerator? = nil
            if case let .monteCarloFisher(_, seed) = kind { generator = SeededGenerator(seed: seed) }
            hessians = []
            sandwiches = try risk.batches.indices.map { b in
                let batch = LinearizedBatch(risk, batch: b, at: point)
                try Self.requireFinite(batch.outputs.value)
                let curvature = Self.outputCurvature(kind, risk, b, batch.outputs.value, &generator)
                return (batch, curvature)
            }
        }
    }

    static func requireFinite(_ outputs: Tensor) throws {
        if let i = outputs.scalars.firstIndex(where: { !$0.isFinite }) {
            throw CurvatureError.nonFinite(what: "network output", index: i, value: outputs.scalars[i])
        }
    }

    /// B_b for batch b with outputs f [N_b, k]: the scale s = (N_b/N)·c_b, c_b = 1/N_b for
    /// cross-entropy and 1/(N_b·k) for squared error, times the per-example matrix.
    static func outputCurvature(_ kind: CurvatureKind, _ risk: NetworkRisk, _ b: Int, _ f: Tensor,
                                _ generator: inout SeededGenerator?) -> OutputCurvature {
        let rows = f.shape[0], k = f.shape[1]
        let targets = risk.batches[b].targets
        switch risk.loss {
        case .meanSquaredError:
            let s = risk.weight(b) / Double(rows * k)
            switch kind {
            case .empiricalFisher:
                // gₙ = ∇_f ‖f − y‖² = 2(fₙ − yₙ).
                return .outerProducts([(f - targets.reshaped(f.shape)) * 2], scale: s)
            case let .monteCarloFisher(samples, _):
                // ỹ ∼ N(f, ½I): g = 2(f − ỹ) ∼ N(0, 2I).
                let draws = (0..<samples).map { _ in
                    Tensor(shape: f.shape) { _ in 2.0.squareRoot() * generator!.nextNormal() }
                }
                return .outerProducts(draws, scale: s / Double(samples))
            default:
                return .scaledIdentity(2 * s)
            }
        case .softmaxCrossEntropy:
            let s = risk.weight(b) / Double(rows)
            let p = softmaxRows(f)
            switch kind {
            case .empiricalFisher:
                // gₙ = pₙ − e_{yₙ}.
                var g = p
                for n in 0..<rows { g[n, Int(targets.scalars[n])] -= 1 }
                return .outerProducts([g], scale: s)
            case let .monteCarloFisher(samples, _):
                let draws = (0..<samples).map { _ in
                    var g = p
                    for n in 0..<rows {
                        // ỹ ∼ Categorical(pₙ) by inversion of the cumulative sum.
                        let u = generator!.nextUniform()
                        var label = k - 1, cumulative = 0.0
                        for j in 0..<k {
                            cumulative += p[n, j]
                            if u < cumulative { label = j; break }
                        }
                        g[n, label] -= 1
                    }
                    return g
                }
                return .outerProducts(draws, scale: s / Double(samples))
            default:
                return .softmax(probabilities: p, scale: s)
            }
        }
    }

    /// softmax of each row, computed with the row maximum subtracted.
    static func softmaxRows(_ f: Tensor) -> Tensor {
        let k = f.shape[1]
        return Tensor(shape: f.shape, unsafeUninitialized: { out in
            f.scalars.withUnsafeBufferPointer { z in
                for row in 0..<(z.count / k) {
                    let base = row * k
                    var m = -Double.infinity
                    for j in 0..<k { m = Swift.max(m, z[base + j]) }
                    var total = 0.0
                    for j in 0..<k { out[base + j] = Foundation.exp(z[base + j] - m); total += out[base + j] }
                    for j in 0..<k { out[base + j] /= total }
                }
            }
        })
    }

    /// `[P, P]`.
    public var shape: [Int] { [dimension, dimension] }
    /// Every kind is symmetric, so Aᵀ·v = A·v.
    public var canApplyTransposed: Bool { true }

    /// A·v for v of length P (flat result).
    public func apply(_ v: Tensor) -> Tensor {
        precondition(v.count == dimension, "NetworkCurvature.apply: direction \(v.shape) for \(dimension) parameters")
        let direction = v.flattened
        var result = Tensor.zeros([dimension])
        for h in hessians { result.addScaled(h.apply(direction), by: 1) }
        for (batch, curvature) in sandwiches {
            result.addScaled(batch.transposedJacobianProduct(curvature.apply(batch.jacobianProduct(direction))), by: 1)
        }
        return result
    }

    /// Aᵀ·v = A·v.
    public func applyTransposed(_ x: Tensor) -> Tensor { apply(x) }

    /// A·X for a P × m block: the Hessian kinds by batched reverse sweeps per batch
    /// (`HessianOperator.apply(toColumnsOf:)`), the sandwiches column by column.
    public func apply(toColumnsOf x: Tensor) -> Tensor {
        precondition(x.rank == 2 && x.shape[0] == dimension,
                     "NetworkCurvature.apply(toColumnsOf:): operator shape \(shape) does not fit matrix shape \(x.shape)")
        guard sandwiches.isEmpty else {
            var result = Tensor.zeros(x.shape)
            for j in 0..<x.shape[1] { result.setColumn(j, to: apply(x.column(j))) }
            return result
        }
        var result = Tensor.zeros(x.shape)
        for h in hessians { result.addScaled(h.apply(toColumnsOf: x), by: 1) }
        return result
    }

    /// Aᵀ·X = A·X.
    public func applyTransposed(toColumnsOf x: Tensor) -> Tensor { apply(toColumnsOf: x) }

    /// The dense P × P matrix, symmetrized ((A + Aᵀ)/2 removes the rounding difference between
    /// Aᵢⱼ and Aⱼᵢ, which come from different sweeps), from P products.
    /// - Throws: `MemoryBudgetError` when P² doubles exceed `memoryBudget`.
    public func matrix(memoryBudget: MemoryBudget = .default) throws -> Tensor {
        try memoryBudget.requireRoom(forDoubles: Double(dimension) * Double(dimension),
                                     "a dense \(dimension) × \(dimension) \(kind.name) matrix", operation: "NetworkCurvature.matrix")
        let a = apply(toColumnsOf: Tensor.identity(dimension))
        return (a + a.transposed) * 0.5
    }
}
