"""SciPy's Moré–Thuente line search (`scipy.optimize._dcsrch.DCSRCH`, the Python port of MINPACK-2
`dcsrch`/`dcstep` that SciPy's BFGS, CG and line_search_wolfe1 call) on the test functions of Moré and
Thuente's paper, and SciPy's L-BFGS-B on the Moré–Garbow–Hillstrom problems of cg_descent_mgh.py, for
Tests/DescentOptimizeTests/References/more_thuente.json.

Line searches: every trial step α the search evaluates, in order, and the step it returns, from
α₀ ∈ {10⁻³, 10⁻¹, 10, 10³} with the paper's (ftol, gtol) per function, stpmin = 0, stpmax = 10¹⁰,
xtol = 10⁻¹⁴ (the constants Descent's `StrongWolfeLineSearch(algorithm: .moreThuente)` uses), and again
with L-BFGS-B's xtol = 0.1 (`searches_xtol`: when the bracket falls within xtol, `dcsrch` evaluates its
best point once more and returns it with the warning "XTOL TEST SATISFIED"). Each φ
is written as expression text in one variable x1 = α (Descent's `MathExpression` language), and JAX
differentiates that same text here, so both sides search the same φ.

L-BFGS-B: `jac=True`, `gtol=1e-5`, memory 10, `ftol=0` so that, like Descent's L-BFGS, it stops on
the projected gradient only (SciPy's default ftol = 2.2·10⁻⁹ ends runs on a stalled relative decrease
instead); BFGS: `jac=True`, `gtol=1e-5` (its line search is `dcsrch` with c₁ = 10⁻⁴, c₂ = 0.9); the
counts are their `nfev`.

Reference: J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed sufficient decrease",
ACM TOMS 20(3), 1994, §5 (functions (5.1)–(5.3) and Yanai, Ozawa and Kaneko's family).
"""
import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np
import scipy
import scipy.optimize as so
from scipy.optimize._dcsrch import DCSRCH

from cg_descent_mgh import compile_expression, problems, scipy_value_and_gradient
from reference_json import json_number

jax.config.update("jax_enable_x64", True)


def yanai(beta1, beta2):
    """φ(α) = γ(β₁)√((1 − α)² + β₂²) + γ(β₂)√(α² + β₁²), γ(β) = √(1 + β²) − β."""
    gamma = lambda b: math.sqrt(1 + b * b) - b
    return (f"{gamma(beta1)!r}*sqrt((1 - x1)^2 + {beta2 * beta2!r}) + "
            f"{gamma(beta2)!r}*sqrt(x1^2 + {beta1 * beta1!r})")


# (name, φ as text, ftol, gtol) as in Moré and Thuente's Tables 1–6 (function 3 is piecewise and left out).
FUNCTIONS = [
    ("phi1", "-x1/(x1^2 + 2)", 1e-3, 0.1),
    ("phi2", "(x1 + 0.004)^5 - 2*(x1 + 0.004)^4", 0.1, 0.1),
    ("phi4", yanai(0.001, 0.001), 1e-3, 1e-3),
    ("phi5", yanai(0.01, 0.001), 1e-3, 1e-3),
    ("phi6", yanai(0.001, 0.01), 1e-3, 1e-3),
]
STARTS = [1e-3, 1e-1, 1e1, 1e3]
STPMAX, XTOL = 1e10, 1e-14


def searches(xtol=XTOL):
    out = []
    for name, text, ftol, gtol in FUNCTIONS:
        f = compile_expression(text, 1)
        value = jax.jit(lambda a: f(jnp.array([a])))
        derivative = jax.jit(jax.grad(lambda a: f(jnp.array([a]))))
        for start in STARTS:
            trials = []

            def phi(a):
                trials.append(float(a))
                return float(value(a))

            def derphi(a):
                return float(derivative(a))

            search = DCSRCH(phi, derphi, ftol, gtol, xtol, 0.0, STPMAX)
            step, _, _, task = search(start, phi0=float(value(0.0)), derphi0=float(derphi(0.0)), maxiter=100)
            out.append(dict(name=name, expression=text, sufficient_decrease=ftol, curvature=gtol, xtol=xtol, initial_step=start,
                            trials=trials, step=json_number(step) if step is not None else None, task=str(task)))
            print(f"{name} α0={start:g}: {len(trials)} trials, step {step}, {task}")
    return out


def quasi_newton(method, options):
    out = []
    for problem in problems():
        result = so.minimize(scipy_value_and_gradient(problem), np.array(problem["x0"]), jac=True, method=method,
                             options=options)
        out.append(dict(name=problem["name"], nfev=int(result.nfev), nit=int(result.nit), success=bool(result.success),
                        fun=json_number(result.fun), message=str(result.message)))
        print(f"{method} {problem['name']:26s} nfev={result.nfev:5d} f={result.fun:.6g} {result.message}")
    return out


def main():
    out = dict(generator="Tools/references/more_thuente.py", scipy=scipy.__version__, jax=jax.__version__,
               searches=searches(),
               searches_xtol=searches(0.1),
               lbfgsb_mgh=quasi_newton("L-BFGS-B", dict(gtol=1e-5, ftol=0.0, maxiter=15000, maxfun=15000)),
               bfgs_mgh=quasi_newton("BFGS", dict(gtol=1e-5)))
    path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentOptimizeTests", "References",
                        "more_thuente.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
