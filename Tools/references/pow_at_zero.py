"""Reference first and second derivatives of powers at base 0, from JAX in 64-bit mode.

Writes Tests/DescentAutodiffTests/References/pow_at_zero.json. Each case is an expression of the
Descent expression language, the point, and JAX's value, gradient and Hessian there. A constant
exponent is a Python int in JAX (`x ** 2`, lowered to `integer_pow`, whose derivative at p = 0 is
exactly 0); a variable exponent is a float argument (`x ** y`, lowered to `pow`, whose exponent
derivative uses log(x) with x = 0 replaced by 1, so it is 0 where the output is 0).

No randomness: the points are fixed. Run with the repository's venv:
    python Tools/references/pow_at_zero.py
"""
import json
import math
import os

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
from reference_json import json_number  # noqa: E402


enc = json_number


def enc_list(a):
    a = jnp.asarray(a)
    if a.ndim == 0:
        return enc(a)
    return [enc_list(r) for r in a]


# ([the expression with ^, the same with pow(...)], variable names, point, JAX function of p)
cases = [
    (["x^2", "pow(x, 2)"], ["x"], [0.0], lambda p: p[0] ** 2),
    (["x^1", "pow(x, 1)"], ["x"], [0.0], lambda p: p[0] ** 1),
    (["x^0", "pow(x, 0)"], ["x"], [0.0], lambda p: p[0] ** 0),
    (["x^3", "pow(x, 3)"], ["x"], [0.0], lambda p: p[0] ** 3),
    (["x^-1 * 0 + x^2", "pow(x, -1) * 0 + pow(x, 2)"], ["x"], [1.0], lambda p: p[0] ** -1 * 0 + p[0] ** 2),
    (["x^1*y", "pow(x, 1)*y"], ["x", "y"], [0.0, 1.0], lambda p: p[0] ** 1 * p[1]),
    (["x^y", "pow(x, y)"], ["x", "y"], [0.0, 2.0], lambda p: p[0] ** p[1]),
    (["x^y", "pow(x, y)"], ["x", "y"], [0.0, 1.0], lambda p: p[0] ** p[1]),
    (["x^y", "pow(x, y)"], ["x", "y"], [0.0, 0.5], lambda p: p[0] ** p[1]),
    (["x^y", "pow(x, y)"], ["x", "y"], [0.0, 3.0], lambda p: p[0] ** p[1]),
    (["x^y", "pow(x, y)"], ["x", "y"], [2.0, 0.0], lambda p: p[0] ** p[1]),
]

out = []
for texts, names, point, f in cases:
    p = jnp.asarray(point, dtype=jnp.float64)
    out.append({
        "caret": texts[0],
        "call": texts[1],
        "variables": ",".join(names),
        "point": point,
        "value": enc(f(p)),
        "gradient": enc_list(jax.grad(f)(p)),
        "hessian": enc_list(jax.hessian(f)(p)),
    })

path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentAutodiffTests", "References",
                    "pow_at_zero.json")
with open(path, "w") as fh:
    json.dump({"generator": "Tools/references/pow_at_zero.py", "jax": jax.__version__, "cases": out}, fh, indent=1)
