"""Reference values for the curvature and stability diagnostics (DescentOptimize/Curvature and
DescentLearn/Curvature).

Writes
- Tests/DescentOptimizeTests/References/curvature.json:
  * "tanh_model": a small non-convex least-squares model f(θ) = Σᵢ (tanh(aᵢᵀθ) − yᵢ)², A 30 × 12,
    at a fixed θ: its Hessian by JAX (jax.hessian) and NumPy's eigvalsh of it, the exact trace;
  * "stability": matrices W with NumPy's eigvals and ρ(W) = max|λ| (complex pairs, a non-normal W);
- Tests/DescentLearnTests/References/model_hessians.json: the gradient and Hessian by JAX of the
  scikit-learn objectives (OLS ½n⁻¹‖r‖², ridge ‖r‖² + α‖w‖², logistic C·Σ log-loss + ½‖w‖²,
  softmax C·Σ cross-entropy + ½‖W‖²) at fixed parameters θ = (coefficients, intercepts).
Deterministic (fixed seed). Run with /work/venv/bin/python or `make references`.
"""
import json
import os

import jax
import jax.numpy as jnp
import numpy as np

from reference_json import json_nested, json_number

jax.config.update("jax_enable_x64", True)
HERE = os.path.dirname(__file__)
OPTIMIZE = os.path.join(HERE, "..", "..", "Tests", "DescentOptimizeTests", "References", "curvature.json")
LEARN = os.path.join(HERE, "..", "..", "Tests", "DescentLearnTests", "References", "model_hessians.json")


def tanh_model(rng):
    a = rng.standard_normal((30, 12)) / np.sqrt(12)
    y = rng.uniform(-0.5, 0.5, 30)
    theta = rng.standard_normal(12)

    def f(t):
        return jnp.sum((jnp.tanh(a @ t) - y) ** 2)

    h = np.asarray(jax.hessian(f)(jnp.asarray(theta)))
    h = (h + h.T) / 2
    lam = np.linalg.eigvalsh(h)
    return {"a": json_nested(a), "y": json_nested(y), "theta": json_nested(theta), "hessian": json_nested(h),
            "eigenvalues": json_nested(lam), "trace": json_number(np.trace(h))}


def stability(rng):
    rotation = np.array([[0.5, -0.8], [0.8, 0.5]])     # eigenvalues 0.5 ± 0.8i, ρ = √0.89
    matrices = {
        "rnn_decaying": rotation,
        "rnn_exploding": 1.2 * rotation,                  # ρ = 1.2·√0.89 ≈ 1.132
        "non_normal": np.array([[0.9, 5.0], [0.0, 0.8]]),  # ρ = 0.9, but ‖W‖ ≈ 5: transient growth
        "random5": rng.standard_normal((5, 5)) / np.sqrt(5),
        "orthogonal3": np.linalg.qr(rng.standard_normal((3, 3)))[0],   # ρ = 1: marginal
        "complex3": np.array([[0.0, -1.05, 0.0], [1.05, 0.0, 0.0], [0.0, 0.0, 0.5]]),  # ±1.05i dominant
    }
    out = []
    for name, w in matrices.items():
        lam = np.linalg.eigvals(w)
        out.append({"name": name, "n": w.shape[0], "w": json_nested(w),
                    "eigenvalues_real": json_nested(lam.real), "eigenvalues_imaginary": json_nested(lam.imag),
                    "spectral_radius": json_number(np.max(np.abs(lam)))})
    return out


def model_hessians(rng):
    n, d, k = 20, 3, 3
    x = rng.standard_normal((n, d))
    y_reg = x @ np.array([1.0, -2.0, 0.5]) + 0.3 + 0.1 * rng.standard_normal(n)
    y_bin = (rng.uniform(size=n) < 0.5).astype(float)
    y_cls = rng.integers(0, k, n)
    xt = jnp.asarray(x)
    alpha, c = 0.7, 2.5
    cases = []

    def record(name, f, theta, y, extra):
        theta = jnp.asarray(theta)
        g = np.asarray(jax.grad(f)(theta))
        h = np.asarray(jax.hessian(f)(theta))
        case = {"name": name, "theta": json_nested(theta), "y": json_nested(y), "gradient": json_nested(g),
                "hessian": json_nested((h + h.T) / 2)}
        case.update(extra)
        cases.append(case)

    def least_squares(weight, a):
        def f(t):
            r = jnp.asarray(y_reg) - xt @ t[:d] - t[d]
            return weight * jnp.sum(r ** 2) + a * jnp.sum(t[:d] ** 2)
        return f

    theta = rng.standard_normal(d + 1)
    record("ols", least_squares(1 / (2 * n), 0.0), theta, y_reg, {"data_weight": 1 / (2 * n), "alpha": 0.0})
    record("ridge", least_squares(1.0, alpha), theta, y_reg, {"data_weight": 1.0, "alpha": alpha})

    for lam, name in ((1.0, "logistic_l2"), (0.0, "logistic_none")):
        def logistic(t, lam=lam):
            z = xt @ t[:d] + t[d]
            return c * jnp.sum(jnp.logaddexp(0.0, z) - jnp.asarray(y_bin) * z) + 0.5 * lam * jnp.sum(t[:d] ** 2)
        record(name, logistic, rng.standard_normal(d + 1), y_bin, {"c": c, "penalty_weight": lam})

    onehot = np.eye(k)[y_cls]
    for lam, name in ((1.0, "softmax_l2"), (0.0, "softmax_none")):
        def softmax(t, lam=lam):
            w = t[:k * d].reshape(k, d)
            b = t[k * d:]
            z = xt @ w.T + b
            return c * jnp.sum(jax.scipy.special.logsumexp(z, axis=1) - jnp.sum(z * onehot, axis=1)) + 0.5 * lam * jnp.sum(w ** 2)
        record(name, softmax, rng.standard_normal(k * (d + 1)), y_cls.astype(float), {"c": c, "penalty_weight": lam, "classes": k})
    return {"x": json_nested(x), "n": n, "d": d, "cases": cases}


def main():
    rng = np.random.default_rng(20261204)
    optimize = {"tanh_model": tanh_model(rng), "stability": stability(rng)}
    learn = model_hessians(rng)
    for path, data in ((OPTIMIZE, optimize), (LEARN, learn)):
        with open(path, "w") as f:
            json.dump(data, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
