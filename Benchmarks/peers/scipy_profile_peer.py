"""SciPy side of the performance profiles (Benchmarks/profiles.py): scipy.optimize.minimize with
L-BFGS-B, BFGS, CG, Newton-CG, trust-ncg, trust-exact and trust-krylov on the problems Descent ran,
from the same starts, with exact derivatives from the JAX definitions in
Tools/references/mgh_suite.py (jit-compiled value-and-gradient, Hessian and Hessian-vector product,
compiled before the clock starts).

    python scipy_profile_peer.py <descent-runs.json> <out.json>

Limits as on Descent's side: gtol 1e-5 (∞-norm for L-BFGS-B, BFGS and CG, and L-BFGS-B's ftol test off;
the trust-region methods' gtol is on the 2-norm; Newton-CG stops on its step tolerance xtol 1e-5, SciPy's default), at most 5000
iterations and a minute per run (a callback raising StopIteration, as Descent's timeLimit). Counts are taken by wrapping the callables: one call of the value-and-gradient function
is one function and one gradient evaluation, as on Descent's side.
"""
import json
import math
import os
import re
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "Tools", "references"))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.optimize as so  # noqa: E402

import mgh_suite as mgh  # noqa: E402

jax.config.update("jax_enable_x64", True)

# (name, uses the Hessian matrix, uses Hessian-vector products, gradient-tolerance option name)
METHODS = [
    ("L-BFGS-B", False, False, "gtol"),
    ("BFGS", False, False, "gtol"),
    ("CG", False, False, "gtol"),
    ("Newton-CG", False, True, None),
    ("trust-ncg", False, True, "gtol"),
    ("trust-exact", True, False, "gtol"),
    ("trust-krylov", False, True, "gtol"),
]
GTOL, MAXITER, TIME_LIMIT = 1e-5, 5000, 60.0
CUTEST = {"arwhead": mgh.arwhead, "tridia": mgh.tridia, "dqdrtic": mgh.dqdrtic, "quartc": mgh.quartc, "engval1": mgh.engval1}


def objective_for(name):
    """f for a problem name written by Descent ("mgh10-meyer", "mgh21-extended-rosenbrock-n1000", "cutest-arwhead-n1000")."""
    match = re.match(r"mgh(\d\d)-", name)
    if match:
        number = int(match.group(1))
        residuals = mgh.PROBLEMS[number - 1][2]
        if number == 31:
            residuals = mgh.broyden_banded_vectorized
        return lambda x: jnp.sum(residuals(x) ** 2)
    match = re.match(r"cutest-([a-z0-9]+)-n\d+", name)
    if match:
        return CUTEST[match.group(1)]
    raise SystemExit(f"scipy_profile_peer: no definition for {name}")


class Counted:
    """The problem's jitted derivatives, counting calls."""

    def __init__(self, f, x0):
        self.vg = jax.jit(jax.value_and_grad(f))
        self.hess = jax.jit(jax.hessian(f))
        grad = jax.grad(f)
        self.hvp = jax.jit(lambda x, v: jax.jvp(grad, (x,), (v,))[1])
        x = jnp.asarray(x0)
        self.f0 = float(self.vg(x)[0])         # compile before timing
        self.hess(x).block_until_ready()
        self.hvp(x, x).block_until_ready()
        self.reset()

    def reset(self):
        self.nf = self.ng = self.nh = self.nhv = 0

    def value_and_gradient(self, x):
        self.nf += 1
        self.ng += 1
        value, gradient = self.vg(jnp.asarray(x))
        return float(value), np.asarray(gradient)

    def hessian(self, x):
        self.nh += 1
        return np.asarray(self.hess(jnp.asarray(x)))

    def hessian_vector_product(self, x, v):
        self.nhv += 1
        return np.asarray(self.hvp(jnp.asarray(x), jnp.asarray(v)))


def run(problem, method, counted):
    name, uses_hessian, uses_hvp, gtol_name = method
    options = {"maxiter": MAXITER}
    if gtol_name:
        options[gtol_name] = GTOL
    if name == "L-BFGS-B":
        # L-BFGS-B also stops when the relative decrease of f falls below ftol (2.2e-9 by default);
        # Descent stops on the gradient alone, so the peer does too ("limits as on Descent's side").
        options["ftol"] = 0.0
    kwargs = {"jac": True, "method": name, "options": options}
    if uses_hessian:
        kwargs["hess"] = counted.hessian
    if uses_hvp:
        kwargs["hessp"] = counted.hessian_vector_product
    counted.reset()
    x0 = np.asarray(problem["start"], dtype=float)
    start = time.perf_counter()

    def callback(intermediate_result):  # SciPy passes the iterate when the parameter has this name
        if time.perf_counter() - start > TIME_LIMIT:
            raise StopIteration
    kwargs["callback"] = callback
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            result = so.minimize(counted.value_and_gradient, x0, **kwargs)
            f, status, message = float(result.fun), int(result.status), str(result.message)
            gradient = counted.value_and_gradient(result.x)[1]
            counted.nf -= 1  # the check above is not the solver's
            counted.ng -= 1
            gnorm = float(np.max(np.abs(gradient)))
        except (np.linalg.LinAlgError, ValueError, OverflowError) as error:
            f, status, message, gnorm = math.nan, -1, f"{type(error).__name__}: {error}", math.nan
    seconds = time.perf_counter() - start
    return {"problem": problem["name"], "solver": name, "side": "scipy", "f": f if math.isfinite(f) else str(f),
            "gradient_inf_norm": gnorm if math.isfinite(gnorm) else str(gnorm),
            "function_evaluations": counted.nf, "gradient_evaluations": counted.ng, "hessian_evaluations": counted.nh,
            "hessian_vector_products": counted.nhv, "seconds": seconds, "termination": f"status {status}: {message}"}


def main():
    descent_runs, out = sys.argv[1], sys.argv[2]
    with open(descent_runs) as fh:
        problems = json.load(fh)["problems"]
    runs = []
    for problem in problems:
        counted = Counted(objective_for(problem["name"]), np.asarray(problem["start"], dtype=float))
        # The same problem on both sides: f(x₀) agrees to rounding (1e-7: the trigonometric function at
        # n = 1000 cancels six digits in n − Σ cos xⱼ at its start).
        if not math.isclose(counted.f0, problem["f_start"], rel_tol=1e-7, abs_tol=1e-300):
            raise SystemExit(f"{problem['name']}: f(x0) = {counted.f0} here, {problem['f_start']} in Descent")
        for method in METHODS:
            row = run(problem, method, counted)
            runs.append(row)
            print(f"{problem['name']} {method[0]}: f = {row['f']} ({row['function_evaluations']} f)", file=sys.stderr)
        with open(out, "w") as fh:  # after every problem, so that an interrupted run keeps what it did
            json.dump({"scipy": scipy.__version__, "jax": jax.__version__, "runs": runs}, fh)


if __name__ == "__main__":
    main()
