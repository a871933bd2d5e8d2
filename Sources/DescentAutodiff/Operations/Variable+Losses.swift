import DescentCore

// Softmax and the losses of supervised learning, composed from stable primitives (logSumExp,
// softplus) so that both values and derivatives stay finite for large logits.
// Reference: Goodfellow, Bengio & Courville, *Deep Learning*, §6.2.2; Murphy, *Probabilistic
// Machine Learning: An Introduction*, §10.2.

/// softmax(z)ᵢ = exp(zᵢ − logΣⱼexp zⱼ), over all elements (`axis: nil`) or along an axis (for a
/// batch of logit rows, `axis: 1`). Jacobian diag(p) − ppᵀ.
public func softmax(_ z: Variable, alongAxis axis: Int? = nil) -> Variable {
    exp(logSoftmax(z, alongAxis: axis))
}

/// log-softmax z − logΣexp z, over all elements or along an axis; stable for large logits.
public func logSoftmax(_ z: Variable, alongAxis axis: Int? = nil) -> Variable {
    guard let axis else { return z - z.logSumExp() }
    return z - z.logSumExp(alongAxis: axis).reshaped(Variable.keptShape(z.shape, axis))
}

/// Softmax cross-entropy with logits, −Σₖ yₖ log softmax(z)ₖ: for a vector of logits the loss of
/// one example; for an n × k matrix of logit rows the mean over the n rows. `labels` are one-hot
/// rows or probability rows of the same shape. Gradient (p − y)/n, Hessian diag(p) − ppᵀ per row.
public func softmaxCrossEntropy(logits z: Variable, labels y: Tensor) -> Variable {
    precondition(z.shape == y.shape, "softmaxCrossEntropy: logits \(z.shape) and labels \(y.shape) differ")
    if z.rank <= 1 { return -(logSoftmax(z) * y).sum() }
    return -(logSoftmax(z, alongAxis: z.rank - 1) * y).sum() / Double(Swift.max(z.shape[0], 1))
}

/// Binary cross-entropy with logits, the mean of −[y log σ(z) + (1 − y) log(1 − σ(z))], computed
/// as the mean of softplus(z) − y·z (no overflow, no log 0). Gradient (σ(z) − y)/n; with
/// z = Xθ this is the logistic-regression loss, ∇θ = (1/n)Xᵀ(σ(Xθ) − y).
public func binaryCrossEntropy(logits z: Variable, labels y: Tensor) -> Variable {
    precondition(z.shape == y.shape, "binaryCrossEntropy: logits \(z.shape) and labels \(y.shape) differ")
    return (softplus(z) - z * y).mean()
}

/// Mean squared error (1/N)Σᵢ(pᵢ − tᵢ)²; gradient (2/N)(p − t).
public func meanSquaredError(_ prediction: Variable, _ target: Tensor) -> Variable {
    precondition(prediction.shape == target.shape,
                 "meanSquaredError: prediction \(prediction.shape) and target \(target.shape) differ")
    let residual = prediction - target
    return (residual * residual).mean()
}
