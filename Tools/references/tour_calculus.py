"""Reference numbers for the tour's sections 1, 3 and 4 (gradient, learning rate, optimizers race),
from JAX (64-bit), NumPy/LAPACK, scikit-learn's copy of the diabetes data and optax.

Writes Tests/DescentCommandsTests/References/tour_calculus.json:
- gradient: ∇(x²y + 3xy³ + sin x) at (1, 2); the MSE of linear regression on diabetes at
  wⱼ = 100·(−1)ʲ, b = 100 with its gradient; JAX's derivatives of |x| and ReLU at 0; the directional
  derivative along (0.6, 0.8) at (1, 2).
- learning_rate: the eigenvalues of the Hessians of ½(3x² + 4xy + 6y²) and of Rosenbrock at (1, 1).
- optimizers: for Rosenbrock from (−1.2, 1) and Beale from (1, 1), the step η = 1/λmax(∇²f(x₀)) and
  the iteration at which GD (fixed η), optax's sgd with momentum 0.9 (heavy ball and Nesterov) and
  optax's adam(0.02) first reach ‖∇f‖∞ ≤ 1e-5 (the stopping rule of Descent's `minimize`: after
  step k the gradient at x_k is tested), or null when they do not within 20 000 iterations.

No randomness. Run with the repository's venv:
    python Tools/references/tour_calculus.py
"""
import json
import os

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
from sklearn.datasets import load_diabetes  # noqa: E402
from reference_json import json_number, json_nested  # noqa: E402


def worked(p):
    x, y = p[0], p[1]
    return x * x * y + 3 * x * y ** 3 + jnp.sin(x)


point = jnp.array([1.0, 2.0])
g = jax.grad(worked)(point)
u = jnp.array([0.6, 0.8])

X, y = load_diabetes(return_X_y=True)
w = jnp.array([100.0 if j % 2 == 0 else -100.0 for j in range(X.shape[1])])
b = 100.0


def mse(params):
    w, b = params[:-1], params[-1]
    r = X @ w + b - y
    return jnp.mean(r * r)


theta = jnp.concatenate([w, jnp.array([b])])
mse_grad = jax.grad(mse)(theta)

gradient = {
    "worked_gradient": json_nested(np.asarray(g)),
    "directional_derivative": json_number(jnp.dot(u, g)),
    "gradient_norm": json_number(jnp.linalg.norm(g)),
    "mse_loss": json_number(mse(theta)),
    "mse_gradient": json_nested(np.asarray(mse_grad)),
    "mse_gradient_norm": json_number(jnp.linalg.norm(mse_grad)),
    "abs_derivative_at_0": json_number(jax.grad(jnp.abs)(0.0)),
    "relu_derivative_at_0": json_number(jax.grad(jax.nn.relu)(0.0)),
}


def rosenbrock(p):
    return 100 * (p[1] - p[0] ** 2) ** 2 + (1 - p[0]) ** 2


def beale(p):
    x, yy = p[0], p[1]
    return (1.5 - x + x * yy) ** 2 + (2.25 - x + x * yy ** 2) ** 2 + (2.625 - x + x * yy ** 3) ** 2


def quadratic(p):
    return 0.5 * (3 * p[0] ** 2 + 4 * p[0] * p[1] + 6 * p[1] ** 2)


learning_rate = {
    "quadratic_eigenvalues": json_nested(np.linalg.eigvalsh(np.asarray(jax.hessian(quadratic)(jnp.zeros(2))))),
    "rosenbrock_eigenvalues": json_nested(np.linalg.eigvalsh(np.asarray(jax.hessian(rosenbrock)(jnp.ones(2))))),
}


def first_converged(f, x0, transform, limit=20_000, tol=1e-5):
    """The first k ≥ 1 with ‖∇f(x_k)‖∞ ≤ tol, x_{k+1} = x_k + update(∇f(x_k)), or None."""
    grad = jax.jit(jax.grad(f))
    x = jnp.asarray(x0)
    if float(jnp.max(jnp.abs(grad(x)))) <= tol:
        return 0
    state = transform.init(x)
    for k in range(1, limit + 1):
        updates, state = transform.update(grad(x), state, x)
        x = optax.apply_updates(x, updates)
        if float(jnp.max(jnp.abs(grad(x)))) <= tol:
            return k
    return None


optimizers = {}
for name, f, x0 in [("rosenbrock", rosenbrock, [-1.2, 1.0]), ("beale", beale, [1.0, 1.0])]:
    lam = np.linalg.eigvalsh(np.asarray(jax.hessian(f)(jnp.array(x0))))[-1]
    eta = 1 / lam
    optimizers[name] = {
        "step": json_number(eta),
        "gd_iterations": first_converged(f, x0, optax.sgd(eta)),
        "momentum_iterations": first_converged(f, x0, optax.sgd(eta, momentum=0.9)),
        "nesterov_iterations": first_converged(f, x0, optax.sgd(eta, momentum=0.9, nesterov=True)),
        "adam_iterations": first_converged(f, x0, optax.adam(0.02)),
    }

path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCommandsTests", "References",
                    "tour_calculus.json")
with open(path, "w") as fh:
    json.dump({"generator": "Tools/references/tour_calculus.py", "jax": jax.__version__, "optax": optax.__version__,
               "gradient": gradient, "learning_rate": learning_rate, "optimizers": optimizers}, fh, indent=1)
    fh.write("\n")
