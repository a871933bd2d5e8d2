import DescentCore

// Gradients of scalar functions by reverse mode: one forward evaluation that records the graph,
// one reverse sweep. Cost: a small constant times one evaluation of f, whatever the number of
// inputs (Griewank & Walther, *Evaluating Derivatives*, §4.3, "cheap gradient principle").
//
// The value and gradient are returned as computed; check `isFinite` on them (or use
// `Tensor.requireFinite`) where a NaN or ±∞ must not pass silently.

/// The value f(x) and gradient ∇f(x) of a scalar function of one tensor.
/// - Precondition: f returns a single element.
public func valueAndGradient(of f: (Variable) -> Variable, at x: Tensor) -> (value: Double, gradient: Tensor) {
    let leaf = Variable(tracking: x)
    let y = f(leaf)
    precondition(y.count == 1, "valueAndGradient: f must return a single element, got shape \(y.shape)")
    return (y.value.scalars[0], y.gradients(withRespectTo: [leaf])[0].value)
}

/// The gradient ∇f(x) of a scalar function of one tensor; same shape as x.
public func gradient(of f: (Variable) -> Variable, at x: Tensor) -> Tensor {
    valueAndGradient(of: f, at: x).gradient
}

/// The value f(x, y) and the gradients (∇ₓf, ∇ᵧf) of a scalar function of two tensors.
public func valueAndGradient(of f: (Variable, Variable) -> Variable, at x: Tensor, _ y: Tensor)
    -> (value: Double, gradient: (Tensor, Tensor)) {
    let (vx, vy) = (Variable(tracking: x), Variable(tracking: y))
    let out = f(vx, vy)
    precondition(out.count == 1, "valueAndGradient: f must return a single element, got shape \(out.shape)")
    let g = out.gradients(withRespectTo: [vx, vy])
    return (out.value.scalars[0], (g[0].value, g[1].value))
}

/// The gradients (∇ₓf, ∇ᵧf) of a scalar function of two tensors, e.g. weights and bias:
/// `let (gw, gb) = gradient(of: { w, b in loss(w, b) }, at: w0, b0)`.
public func gradient(of f: (Variable, Variable) -> Variable, at x: Tensor, _ y: Tensor) -> (Tensor, Tensor) {
    valueAndGradient(of: f, at: x, y).gradient
}

/// The value and the gradients of a scalar function of any number of tensors, one per argument.
public func valueAndGradients(of f: ([Variable]) -> Variable, at arguments: [Tensor])
    -> (value: Double, gradients: [Tensor]) {
    let leaves = arguments.map { Variable(tracking: $0) }
    let out = f(leaves)
    precondition(out.count == 1, "valueAndGradients: f must return a single element, got shape \(out.shape)")
    return (out.value.scalars[0], out.gradients(withRespectTo: leaves).map(\.value))
}

/// The gradients of a scalar function of any number of tensors, one per argument.
public func gradients(of f: ([Variable]) -> Variable, at arguments: [Tensor]) -> [Tensor] {
    valueAndGradients(of: f, at: arguments).gradients
}

/// The derivative f′(x) of a real function of one real variable.
public func derivative(of f: (Variable) -> Variable, at x: Double) -> Double {
    gradient(of: f, at: Tensor(x)).scalars[0]
}

/// The directional derivative D_u f(x) = uᵀ∇f(x) of a scalar function along `direction`
/// (not normalized: pass a unit vector for the rate of change per unit length).
/// - Complexity: one gradient.
public func directionalDerivative(of f: (Variable) -> Variable, at x: Tensor, direction u: Tensor) -> Double {
    let g = gradient(of: f, at: x)
    precondition(u.shape == x.shape, "directionalDerivative: direction \(u.shape) and point \(x.shape) differ")
    return dot(g.flattened, u.flattened)
}
