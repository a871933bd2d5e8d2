import DescentCore
import Foundation

// Softmax and the losses of supervised learning, composed from stable primitives (logSumExp,
// softplus) so that both values and derivatives stay finite for large logits. Every loss labels
// its arguments as optax does: what the model outputs first (`logits:` for the cross-entropies,
// `predictions:` for regression), then what it should match (`labels:` / `targets:`).
// Reference: Goodfellow, Bengio & Courville, *Deep Learning*, §6.2.2; Murphy, *Probabilistic
// Machine Learning: An Introduction*, §10.2.

/// softmax(z)ᵢ = exp(zᵢ − m)/Σⱼ exp(zⱼ − m) with m = max z held constant (it cancels), over all
/// elements (`axis: nil`) or along an axis (for a batch of logit rows, `axis: 1`); as JAX's
/// `softmax`, accurate to a few ulps for any logit size. Jacobian diag(p) − ppᵀ.
public func softmax(_ z: Variable, alongAxis axis: Int? = nil) -> Variable {
    guard let axis else {
        let e = exp(z - Variable.maximumShift(z.value))
        return e / e.sum()
    }
    let e = exp(z - Variable.maximumShift(z.value, alongAxis: axis))
    return e / e.sum(alongAxis: axis).reshaped(Variable.keptShape(z.shape, axis))
}

/// log-softmax (z − m) − log Σ exp(z − m) with m = max z held constant, over all elements or
/// along an axis; stable and accurate for large logits (the shift is subtracted before the
/// logarithm is added, so no rounding of m + log Σ enters).
public func logSoftmax(_ z: Variable, alongAxis axis: Int? = nil) -> Variable {
    guard let axis else {
        let shifted = z - Variable.maximumShift(z.value)
        return shifted - log(exp(shifted).sum())
    }
    let shifted = z - Variable.maximumShift(z.value, alongAxis: axis)
    return shifted - log(exp(shifted).sum(alongAxis: axis)).reshaped(Variable.keptShape(z.shape, axis))
}

/// Softmax cross-entropy with logits, −Σₖ yₖ log softmax(z)ₖ: for a vector of logits the loss of
/// one example; for an n × k matrix of logit rows the mean over the n rows. `labels` are one-hot
/// rows or probability rows of the same shape. Gradient (p − y)/n, Hessian diag(p) − ppᵀ per row.
public func softmaxCrossEntropy(logits z: Variable, labels y: Tensor) -> Variable {
    precondition(z.shape == y.shape, "softmaxCrossEntropy: logits \(z.shape) and labels \(y.shape) differ")
    if z.rank <= 1 { return -(logSoftmax(z) * y).sum() }
    return -(logSoftmax(z, alongAxis: z.rank - 1) * y).sum() / Double(z.shape[0])
}

/// Binary cross-entropy with logits, the mean of −[y log σ(z) + (1 − y) log(1 − σ(z))] =
/// softplus(z) − y·z. Gradient (σ(z) − y)/n; with z = Xθ this is the logistic-regression loss,
/// ∇θ = (1/n)Xᵀ(σ(Xθ) − y).
///
/// Each term is computed as (1 − y)·softplus(z) + y·softplus(−z) (`logisticLoss`), and its
/// derivative as (1 − y)·σ(z) − y·σ(−z): for a label 1 and a large logit, softplus(z) − z and
/// σ(z) − 1 would cancel to 0 where the loss and its gradient are e^{−z} (4.2·10⁻¹⁸ at z = 40).
public func binaryCrossEntropy(logits z: Variable, labels y: Tensor) -> Variable {
    precondition(z.shape == y.shape, "binaryCrossEntropy: logits \(z.shape) and labels \(y.shape) differ")
    return logisticLoss(z, y).mean()
}

/// ℓ(z, y) = softplus(z) − y·z element-wise, as (1 − y)·max(z, 0) + y·max(−z, 0) + log1p(e^{−|z|})
/// (one exponential, no cancellation when y is 0 or 1); pullback ḡ·r with r = (1 − y)·σ(z) − y·σ(−z)
/// (`logisticResidual`).
func logisticLoss(_ z: Variable, _ y: Tensor) -> Variable {
    let value = z.value.zipMap(y) { z, y in
        (1 - y) * Swift.max(z, 0) + y * Swift.max(-z, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(z)))
    }
    return Variable.record(value, z) { c in [c.cotangent * logisticResidual(c.inputs[0], y)] }.supportingBatches()
}

/// r(z, y) = (1 − y)·σ(z) − y·σ(−z) = σ(z) − y element-wise, from one e = e^{−|z|}: for z ≥ 0,
/// ((1 − y) − y·e)/(1 + e); for z < 0, ((1 − y)·e − y)/(1 + e). Pullback ḡ·σ′(z).
func logisticResidual(_ z: Variable, _ y: Tensor) -> Variable {
    let value = z.value.zipMap(y) { z, y in
        let e = Foundation.exp(-Swift.abs(z))
        return (z >= 0 ? (1 - y) - y * e : (1 - y) * e - y) / (1 + e)
    }
    return Variable.record(value, z) { c in [c.cotangent * sigmoidSlope(c.inputs[0])] }.supportingBatches()
}

/// Mean squared error (1/N)Σᵢ(pᵢ − tᵢ)² of predictions p against targets t of the same shape
/// (optax.squared_error, averaged); gradient (2/N)(p − t).
public func meanSquaredError(predictions p: Variable, targets t: Tensor) -> Variable {
    precondition(p.shape == t.shape, "meanSquaredError: predictions \(p.shape) and targets \(t.shape) differ")
    let residual = p - t
    return (residual * residual).mean()
}
