"""Reference derivatives for DescentAutodiff from JAX in 64-bit mode.

Writes Tests/DescentAutodiffTests/References/autodiff.json. Every function below has a twin in
Tests/DescentAutodiffTests/ReferenceFunctions.swift with the same name; inputs (the point x, the
directions and the constant data) are stored in the JSON, so the Swift tests need no RNG parity.

Run with the repository's venv: python Tools/references/autodiff.py
"""
import json
import os

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from reference_json import json_nested  # noqa: E402

rng = np.random.default_rng(20261122)


def normal(*shape):
    return rng.standard_normal(shape)


# Constant data shared by the functions (stored in the JSON under "data").
data = {
    "A": normal(3, 5),
    "B": normal(3, 5),
    "C": normal(5, 2),
    "D": normal(5, 2),
    "X": normal(8, 3),
    "y01": (rng.uniform(size=8) < 0.5).astype(float),
    "t": normal(8),
    "Xmlp": normal(6, 4),
    "ymlp": normal(6),
    "L": normal(2, 3),
    "R": normal(4, 2),
    "row": normal(3),
    "col": normal(2, 1),
    "labels": np.eye(3)[[2, 0]],
    "w5": normal(5),
    "w8": normal(8),
}
d = {k: jnp.asarray(v) for k, v in data.items()}


def gelu(x):
    return jax.nn.gelu(x, approximate=False)


# Scalar functions of a flat parameter vector.
scalar_functions = {
    "exp_log_sqrt": (5, lambda x: jnp.sum(jnp.exp(0.5 * x) + jnp.log(x * x + 1) + jnp.sqrt(x * x + 2))),
    "trig": (5, lambda x: jnp.sum(jnp.sin(x) * jnp.cos(2 * x) + jnp.tan(0.3 * x) + jnp.arctan(x))
             + jnp.sum(jnp.arctan2(x, x * x + 1))),
    "powers": (5, lambda x: jnp.sum((x * x + 1) ** 1.5) + jnp.sum(x ** 3) / 3
               + jnp.sum((x * x + 1) ** (0.5 * x))),
    "division": (5, lambda x: jnp.sum(x / (x * x + 2)) + jnp.sum(1 / (2 + jnp.cos(x))) - jnp.sum(3 - x / 4)),
    "activations": (5, lambda x: jnp.sum(jax.nn.sigmoid(x) * jnp.tanh(x)) + jnp.sum(jax.nn.softplus(2 * x))
                    + jnp.sum(gelu(x)) + jnp.sum(jax.nn.relu(x) ** 2)
                    + jnp.sum(jax.nn.leaky_relu(x, 0.1) * x) + jnp.sum(jax.scipy.special.erf(x) * x)),
    "reductions": (5, lambda x: jax.scipy.special.logsumexp(x) + jnp.mean(x * x) + jnp.linalg.norm(x)
                   + jnp.sum(jnp.abs(x)) + jnp.sum(x * x) ** 2 + jnp.max(jnp.abs(x))),
    "min_max_clamp": (5, lambda x: jnp.sum(jnp.maximum(x, 0.3 * x * x) + jnp.minimum(x, jnp.cos(x)))
                      + jnp.sum(jnp.clip(x, -0.5, 0.5) ** 2) + jnp.sum(jnp.maximum(x, 0.1) * x)),
    "broadcasting": (6, lambda x: jnp.sum((x.reshape(2, 3) * d["row"] + d["col"]) ** 2 / (1 + x.reshape(2, 3) ** 2))
                     + jnp.sum(jnp.mean(x.reshape(2, 3), axis=0) ** 2)
                     + jnp.sum(jnp.sum(x.reshape(2, 3), axis=1) ** 3)
                     + jnp.sum(jax.scipy.special.logsumexp(x.reshape(2, 3), axis=1) ** 2)
                     + jnp.sum((x.reshape(2, 3) + jnp.sum(x[:3])) * x.reshape(2, 3).T.reshape(2, 3))),
    "slicing": (5, lambda x: jnp.sum(jnp.concatenate([x[:3], 2 * x[2:]]) ** 2 * d["w5"][jnp.array([0, 1, 2, 3, 4, 0])])
                + x[1] * x[4] ** 2 + jnp.sum(jnp.concatenate([x.reshape(1, 5), x.reshape(1, 5) ** 2], axis=0)[:, 1:4] ** 3)),
    "softmax_cross_entropy": (6, lambda x: -jnp.mean(jnp.sum(jax.nn.log_softmax(x.reshape(2, 3), axis=1) * d["labels"], axis=1))
                              + jnp.sum(jax.nn.softmax(x) * d["w8"][:6])),
    "logistic_loss": (3, lambda th: jnp.mean(jax.nn.softplus(d["X"] @ th) - d["y01"] * (d["X"] @ th))),
    "mse_linear": (4, lambda p: jnp.mean((d["X"] @ p[:3] + p[3] - d["t"]) ** 2)),
    "mlp_tanh": (18, lambda p: jnp.mean((jnp.tanh(d["Xmlp"] @ p[:12].reshape(4, 3) + p[12:15]) @ p[15:18] - d["ymlp"]) ** 2)),
    "log_det_inverse": (9, lambda p: jnp.linalg.slogdet(p.reshape(3, 3) + 3 * jnp.eye(3))[1]
                        + 0.1 * jnp.sum(jnp.linalg.inv(p.reshape(3, 3) + 3 * jnp.eye(3)) ** 2)),
    "matmul_chain": (12, lambda p: jnp.sum((d["L"] @ p.reshape(3, 4) @ d["R"]) ** 2)
                     + jnp.sum(jnp.tanh(p.reshape(3, 4).T @ p.reshape(3, 4)))
                     + jnp.sum(d["L"] @ jnp.sin(p.reshape(3, 4)) @ d["R"][:, 0])),
}

# Vector-valued functions (for jvp, vjp and the Jacobian); n inputs → m outputs.
vector_functions = {
    "wide": (5, lambda x: jnp.tanh(d["A"] @ x) + (d["B"] @ x) ** 2),        # m = 3 < n = 5: reverse
    "tall": (2, lambda x: jnp.sin(d["C"] @ x) * (d["D"] @ x) + jnp.exp(x[0])),  # m = 5 > n = 2: forward
    "softmax": (4, lambda x: jax.nn.softmax(x)),
}


def enc(a):
    return json_nested(np.asarray(a, dtype=float))


scalar_cases = []
for name, (n, f) in scalar_functions.items():
    x = rng.standard_normal(n)
    v = rng.standard_normal(n)
    xj, vj = jnp.asarray(x), jnp.asarray(v)
    value, grad = jax.value_and_grad(f)(xj)
    hvp = jax.jvp(jax.grad(f), (xj,), (vj,))[1]
    hess = jax.hessian(f)(xj)
    scalar_cases.append({"name": name, "x": enc(x), "v": enc(v), "value": float(value),
                         "gradient": enc(grad), "hvp": enc(hvp), "hessian": enc(hess)})

vector_cases = []
for name, (n, f) in vector_functions.items():
    x = rng.standard_normal(n)
    v = rng.standard_normal(n)
    xj, vj = jnp.asarray(x), jnp.asarray(v)
    value, jv = jax.jvp(f, (xj,), (vj,))
    u = rng.standard_normal(value.shape)
    _, pullback = jax.vjp(f, xj)
    (ju,) = pullback(jnp.asarray(u))
    vector_cases.append({"name": name, "x": enc(x), "v": enc(v), "u": enc(u), "value": enc(value),
                         "jvp": enc(jv), "vjp": enc(ju), "jacobian": enc(jax.jacobian(f)(xj))})

out = {"generator": "Tools/references/autodiff.py", "jax_version": jax.__version__,
       "data": {k: enc(v) for k, v in data.items()},
       "scalar_cases": scalar_cases, "vector_cases": vector_cases}
path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentAutodiffTests", "References", "autodiff.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote", os.path.normpath(path))
