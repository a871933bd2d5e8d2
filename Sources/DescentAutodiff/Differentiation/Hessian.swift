import DescentCore

// Second derivatives by reverse-over-reverse: the gradient is computed with its graph recorded
// (`createGraph: true`), and that graph is differentiated again. The results are exact up to
// rounding, not finite-difference approximations (Pearlmutter, "Fast exact multiplication by the
// Hessian", Neural Computation 6(1), 1994).

/// The Hessian–vector product H(x)·v = ∇(∇f(x)ᵀv) of a scalar function, without forming H.
/// - Complexity: about four to five evaluations of f, independent of the dimension.
public func hessianVectorProduct(of f: (Variable) -> Variable, at x: Tensor, direction v: Tensor) -> Tensor {
    precondition(v.shape == x.shape, "hessianVectorProduct: direction \(v.shape) does not match point \(x.shape)")
    let leaf = Variable(tracking: x)
    let y = f(leaf)
    precondition(y.count == 1, "hessianVectorProduct: f must return a single element, got shape \(y.shape)")
    let g = y.gradients(withRespectTo: [leaf], createGraph: true)[0]
    // H is symmetric, so the vector–Jacobian product vᵀ(∂g/∂x) is H·v.
    return g.gradients(withRespectTo: [leaf], seed: Variable(v))[0].value
}

/// The value, gradient and Hessian of a scalar function; the Hessian is n × n for x with n
/// elements (flattened row-major), Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ.
/// - Complexity: one recorded gradient, then n reverse sweeps over it (one per row).
public func valueGradientAndHessian(of f: (Variable) -> Variable, at x: Tensor)
    -> (value: Double, gradient: Tensor, hessian: Tensor) {
    let leaf = Variable(tracking: x)
    let y = f(leaf)
    precondition(y.count == 1, "hessian: f must return a single element, got shape \(y.shape)")
    let g = y.gradients(withRespectTo: [leaf], createGraph: true)[0]
    let n = x.count
    var h = Tensor.zeros([n, n])
    for i in 0..<n {
        var seed = Tensor.zeros(x.shape)
        seed.scalars[i] = 1
        let row = g.gradients(withRespectTo: [leaf], seed: Variable(seed))[0].value
        h.scalars.replaceSubrange((i * n)..<((i + 1) * n), with: row.scalars)
    }
    return (y.value.scalars[0], g.value, h)
}

/// The Hessian ∇²f(x) of a scalar function, an n × n matrix for x with n elements.
public func hessian(of f: (Variable) -> Variable, at x: Tensor) -> Tensor {
    valueGradientAndHessian(of: f, at: x).hessian
}
