import DescentAutodiff
import DescentCore

extension Sequential {
    /// The Jacobian of the outputs on a batch with respect to θ, J = ∂ vec f(θ, X)/∂θ, as an
    /// (n·k) × P matrix: row i·k + a is the gradient of output a of example i (f's [n, k] values
    /// flattened row-major), P = `parameterCount`.
    ///
    /// Computed by DescentAutodiff's `jacobian`: reverse-mode rows in batched sweeps (a block of
    /// vector–Jacobian products per sweep) when n·k ≤ P, forward-mode columns otherwise.
    /// - Complexity: about min(n·k, P) passes' arithmetic, in ⌈min(n·k, P)/block⌉ sweeps; (n·k)·P memory.
    public func parameterJacobian(_ parameters: Tensor, inputs: Tensor) -> Tensor {
        precondition(inputs.rank == 2 && inputs.shape[1] == inputFeatures,
                     "parameterJacobian: inputs \(inputs.shape) for \(inputFeatures) features")
        let x = Variable(inputs)
        return jacobian(of: { theta in
            var context = ForwardContext.inference
            return self.outputs(theta, x, context: &context)
        }, at: parameters)
    }
}

/// The empirical neural tangent kernel of a network at θ, Θ(x, x′) = J(x)J(x′)ᵀ with
/// J(x) = ∂f(θ, x)/∂θ (Jacot, Gabriel & Hongler 2018): the kernel that governs the network's
/// function-space dynamics under gradient descent to first order in the parameter change,
/// df/dt = −η Θ ∇_f L.
///
/// For n and m inputs and k outputs, `matrix` is (n·k) × (m·k): entry (i·k + a, j·k + b) is
/// ⟨∂fₐ(xᵢ)/∂θ, ∂f_b(x′ⱼ)/∂θ⟩ (neural-tangents' layout with `trace_axes=()`, flattened).
///
/// - Complexity: two Jacobians (see `Sequential.parameterJacobian`) and one GEMM,
///   O(n·m·k²·P) flops; (n + m)·k·P memory for the Jacobians.
/// - Reference: Jacot et al., "Neural tangent kernel: convergence and generalization in neural
///   networks", NeurIPS 2018; Novak et al., "Fast finite width neural tangent kernel", ICML 2022.
public struct NeuralTangentKernel: Sendable {
    /// Θ as an (n·k) × (m·k) matrix.
    public let matrix: Tensor
    /// The number of outputs k of the network.
    public let outputs: Int

    /// Θ(X, X′) = J(X)J(X′)ᵀ; Θ(X, X) when `otherInputs` is nil (then symmetric PSD).
    /// - Precondition: inputs with the network's number of features.
    public init(network: Sequential, parameters: Tensor, inputs: Tensor, otherInputs: Tensor? = nil) {
        let j = network.parameterJacobian(parameters, inputs: inputs)
        let other = otherInputs.map { network.parameterJacobian(parameters, inputs: $0) }
        self.init(jacobian: j, otherJacobian: other, outputs: network.outputFeatures)
    }

    /// Θ = J J′ᵀ from Jacobians already computed (J′ = J when `otherJacobian` is nil, computed
    /// as a symmetric rank-k update).
    public init(jacobian: Tensor, otherJacobian: Tensor? = nil, outputs: Int) {
        if let otherJacobian {
            precondition(jacobian.shape[1] == otherJacobian.shape[1],
                         "NeuralTangentKernel: Jacobians \(jacobian.shape) and \(otherJacobian.shape) differ in parameter count")
            matrix = matmul(jacobian, otherJacobian, transposeB: true)
        } else {
            matrix = jacobian.transposed.gram
        }
        self.outputs = outputs
    }

    /// The eigenvalues of Θ(X, X), largest first, with their orthonormal eigenvectors as
    /// columns (LAPACK `dsyevd`). Rounding can leave the zero eigenvalues of a rank-deficient Θ
    /// at ±1e-15·λ_max; they are reported as computed.
    /// - Throws: `LinearAlgebraError.notSquare` for a cross kernel Θ(X, X′).
    public func spectrum() throws -> (eigenvalues: Tensor, eigenvectors: Tensor) {
        let eigen = try SymmetricEigen(matrix)
        let n = eigen.eigenvalues.count
        let order = Array((0..<n).reversed())
        let values = Tensor(order.map { eigen.eigenvalues.scalars[$0] })
        let vectors = Tensor(rows: n, columns: n) { i, j in eigen.eigenvectors.scalars[i * n + order[j]] }
        return (values, vectors)
    }
}
