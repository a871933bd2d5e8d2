import DescentAutodiff
import DescentCore

/// One batch of a `NetworkRisk` linearized at θ: the outputs f(θ, X_b) recorded once, and the map
/// u ↦ Jᵀu (J = ∂f/∂θ, [N_b·k] × P) recorded as a graph, so that
///
/// - J·v is one reverse sweep over that graph (forward mode by the double-VJP construction: Jᵀu is
///   linear in u, so J·v = ∂(vᵀJᵀu)/∂u, the same construction as DescentAutodiff's `jvp`), and
/// - Jᵀ·u is one reverse sweep over the recorded outputs (`vjp`),
///
/// with no forward pass repeated per product. Reference: J. Townsend, "A new trick for calculating
/// Jacobian vector products" (2017); Schraudolph (2002) for the products G·v = Jᵀ(H_f (J·v)).
///
/// Holds recorded graphs; use it from one thread at a time.
struct LinearizedBatch {
    /// The tracked θ.
    let point: Variable
    /// f(θ, X_b), [N_b, k].
    let outputs: Variable
    /// The tracked cotangent u of the recorded u ↦ Jᵀu.
    private let cotangentSeed: Variable
    /// Jᵀu as a graph in u.
    private let transposeProduct: Variable

    /// Records batch b of `risk` at θ.
    init(_ risk: NetworkRisk, batch b: Int, at theta: Tensor) {
        point = Variable(tracking: theta.flattened)
        outputs = risk.outputs(point, Variable(risk.batches[b].inputs))
        cotangentSeed = Variable(tracking: Tensor.zeros(outputs.shape))
        transposeProduct = outputs.gradients(withRespectTo: [point], seed: cotangentSeed, createGraph: true)[0]
    }

    /// J·v for a direction v of length P, shaped as the outputs [N_b, k].
    func jacobianProduct(_ v: Tensor) -> Tensor {
        transposeProduct.gradients(withRespectTo: [cotangentSeed], seed: Variable(v.reshaped(point.shape)))[0].value
    }

    /// Jᵀ·u for u shaped as the outputs; length P.
    func transposedJacobianProduct(_ u: Tensor) -> Tensor {
        outputs.gradients(withRespectTo: [point], seed: Variable(u))[0].value
    }
}
