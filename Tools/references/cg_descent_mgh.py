"""SciPy's nonlinear conjugate gradient on the Moré–Garbow–Hillstrom problems, and the saddle point
that quasi-Newton methods reach on Biggs EXP6, for Tests/DescentOptimizeTests/References/cg_descent_mgh.json.

Each problem is written once, as an expression in Descent's expression language (`MathExpression`:
`+ - * / ^`, `exp sin cos sqrt atan2`, `pi`) in the variables x1…xn. SciPy evaluates that very text
(with `^` read as `**`) through JAX, which gives the exact gradient and Hessian; the Swift tests parse
the same text with `MathExpression`, so both sides minimize the same function from the same x₀.

SciPy's CG runs with `jac=True` (value and gradient from one call, as Descent's line searches use
them) and SciPy's defaults (`gtol=1e-5` on max |∂f/∂xᵢ|, `c2=0.4`, `maxiter=200·n`); the counted
evaluations are its `nfev` (= `njev`).

Biggs EXP6 (MGH 18) from its standard start: SciPy BFGS stops near a saddle point; Newton's method
on ∇f = 0 (least-squares steps, as the Hessian is singular along the curve of saddles) then places it to rounding,
and `numpy.linalg.eigvalsh` of JAX's exact Hessian gives its spectrum.

Reference: J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained optimization
software", ACM TOMS 7(1), 1981.
"""
import json
import os

import jax
import jax.numpy as jnp
import numpy as np
import scipy
import scipy.optimize as so
from numpy.polynomial import chebyshev

from reference_json import json_nested, json_number

jax.config.update("jax_enable_x64", True)


def num(v):
    """A number as expression text: full precision, parenthesized when negative."""
    text = repr(float(v))
    return f"({text})" if text.startswith("-") else text


def sum_of_squares(residuals):
    return " + ".join(f"({r})^2" for r in residuals)


def x(j):
    return f"x{j}"


def problems():
    out = []

    def add(name, residuals, x0):
        out.append(dict(name=name, expression=sum_of_squares(residuals), x0=[float(v) for v in x0]))

    add("rosenbrock", ["10*(x2 - x1^2)", "1 - x1"], [-1.2, 1])
    add("freudenstein-roth", ["-13 + x1 + ((5 - x2)*x2 - 2)*x2", "-29 + x1 + ((x2 + 1)*x2 - 14)*x2"], [0.5, -2])
    add("powell-badly-scaled", ["10000*x1*x2 - 1", "exp(-x1) + exp(-x2) - 1.0001"], [0, 1])
    add("brown-badly-scaled", ["x1 - 1000000", "x2 - 0.000002", "x1*x2 - 2"], [1, 1])
    add("beale", [f"{y} - x1*(1 - x2^{i})" for i, y in enumerate([1.5, 2.25, 2.625], start=1)], [1, 1])
    add("jennrich-sampson", [f"{2 + 2 * i} - (exp({i}*x1) + exp({i}*x2))" for i in range(1, 11)], [0.3, 0.4])
    add("helical-valley", ["10*(x3 - 10*atan2(x2, x1)/(2*pi))", "10*(sqrt(x1^2 + x2^2) - 1)", "x3"], [-1, 0, 0])
    bard_y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
    add("bard", [f"{bard_y[i - 1]} - (x1 + {i}/({16 - i}*x2 + {min(i, 16 - i)}*x3))" for i in range(1, 16)], [1, 1, 1])
    gauss_y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295,
               0.0540, 0.0175, 0.0044, 0.0009]
    add("gaussian", [f"x1*exp(-x2*({(8 - i) / 2} - x3)^2/2) - {gauss_y[i - 1]}" for i in range(1, 16)], [0.4, 1, 0])
    add("box-3d", [f"exp({-0.1 * i}*x1) - exp({-0.1 * i}*x2) - x3*({num(np.exp(-0.1 * i) - np.exp(-float(i)))})"
                   for i in range(1, 11)], [0, 10, 20])
    add("powell-singular", ["x1 + 10*x2", "sqrt(5)*(x3 - x4)", "(x2 - 2*x3)^2", "sqrt(10)*(x1 - x4)^2"], [3, -1, 0, 1])
    add("wood", ["10*(x2 - x1^2)", "1 - x1", "sqrt(90)*(x4 - x3^2)", "1 - x3", "sqrt(10)*(x2 + x4 - 2)",
                 "(x2 - x4)/sqrt(10)"], [-3, -1, -3, -1])
    ko_y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
    ko_u = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
    add("kowalik-osborne", [f"{y} - x1*({u * u} + {u}*x2)/({u * u} + {u}*x3 + x4)" for y, u in zip(ko_y, ko_u)],
        [0.25, 0.39, 0.415, 0.39])
    add("brown-dennis", [f"(x1 + {i / 5}*x2 - {num(np.exp(i / 5))})^2 + (x3 + {num(np.sin(i / 5))}*x4 - {num(np.cos(i / 5))})^2"
                         for i in range(1, 21)], [25, 5, -5, -1])
    t = [0.1 * i for i in range(1, 14)]
    add("biggs-exp6", [f"x3*exp({-ti!r}*x1) - x4*exp({-ti!r}*x2) + x6*exp({-ti!r}*x5) - "
                       f"{num(np.exp(-ti) - 5 * np.exp(-10 * ti) + 3 * np.exp(-4 * ti))}" for ti in t],
        [1, 2, 1, 1, 1, 1])
    # Watson, n = 6, m = 31.
    n = 6
    watson = []
    for i in range(1, 30):
        ti = i / 29
        first = " + ".join(f"{(j - 1) * ti ** (j - 2)!r}*x{j}" for j in range(2, n + 1))
        second = " + ".join(f"{ti ** (j - 1)!r}*x{j}" for j in range(1, n + 1))
        watson.append(f"{first} - ({second})^2 - 1")
    add("watson-6", watson + ["x1", "x2 - x1^2 - 1"], [0] * n)
    n = 10
    add("extended-rosenbrock-10", [r for i in range(1, n, 2) for r in (f"10*(x{i + 1} - x{i}^2)", f"1 - x{i}")],
        [-1.2 if i % 2 == 0 else 1 for i in range(n)])
    n = 12
    ep = []
    for i in range(1, n, 4):
        ep += [f"x{i} + 10*x{i + 1}", f"sqrt(5)*(x{i + 2} - x{i + 3})", f"(x{i + 1} - 2*x{i + 2})^2",
               f"sqrt(10)*(x{i} - x{i + 3})^2"]
    add("extended-powell-12", ep, [3, -1, 0, 1] * 3)
    n = 10
    a = 1e-5
    add("penalty-1-10", [f"sqrt({a})*(x{j} - 1)" for j in range(1, n + 1)]
        + [" + ".join(f"x{j}^2" for j in range(1, n + 1)) + " - 0.25"], list(range(1, n + 1)))
    p2 = ["x1 - 0.2"]
    for i in range(2, n + 1):
        yi = float(np.exp(i / 10) + np.exp((i - 1) / 10))
        p2.append(f"sqrt({a})*(exp(x{i}/10) + exp(x{i - 1}/10) - {yi!r})")
    for i in range(n + 1, 2 * n):
        p2.append(f"sqrt({a})*(exp(x{i - n + 1}/10) - {num(np.exp(-0.1))})")
    p2.append(" + ".join(f"{n - j + 1}*x{j}^2" for j in range(1, n + 1)) + " - 1")
    add("penalty-2-10", p2, [0.5] * n)
    weighted = " + ".join(f"{j}*(x{j} - 1)" for j in range(1, n + 1))
    add("variably-dimensioned-10", [f"x{j} - 1" for j in range(1, n + 1)] + [weighted, f"({weighted})^2"],
        [1 - j / n for j in range(1, n + 1)])
    cosines = " + ".join(f"cos(x{j})" for j in range(1, n + 1))
    add("trigonometric-10", [f"{n} - ({cosines}) + {i}*(1 - cos(x{i})) - sin(x{i})" for i in range(1, n + 1)],
        [1 / n] * n)
    total = " + ".join(x(j) for j in range(1, n + 1))
    add("brown-almost-linear-10", [f"x{i} + {total} - {n + 1}" for i in range(1, n)]
        + ["*".join(x(j) for j in range(1, n + 1)) + " - 1"], [0.5] * n)
    h = 1 / (n + 1)
    tt = [i * h for i in range(n + 2)]
    db = []
    for i in range(1, n + 1):
        left = f" - x{i - 1}" if i > 1 else ""
        right = f" - x{i + 1}" if i < n else ""
        db.append(f"2*x{i}{left}{right} + {h * h / 2!r}*(x{i} + {tt[i]!r} + 1)^3")
    add("discrete-boundary-10", db, [tt[i] * (tt[i] - 1) for i in range(1, n + 1)])
    di = []
    for i in range(1, n + 1):
        lower = " + ".join(f"{tt[j]!r}*(x{j} + {tt[j]!r} + 1)^3" for j in range(1, i + 1))
        upper = " + ".join(f"{1 - tt[j]!r}*(x{j} + {tt[j]!r} + 1)^3" for j in range(i + 1, n + 1))
        term = f"{(1 - tt[i]) * h / 2!r}*({lower})"
        if upper:
            term += f" + {tt[i] * h / 2!r}*({upper})"
        di.append(f"x{i} + {term}")
    add("discrete-integral-10", di, [tt[i] * (tt[i] - 1) for i in range(1, n + 1)])
    bt = []
    for i in range(1, n + 1):
        left = f" - x{i - 1}" if i > 1 else ""
        right = f" - 2*x{i + 1}" if i < n else ""
        bt.append(f"(3 - 2*x{i})*x{i}{left}{right} + 1")
    add("broyden-tridiagonal-10", bt, [-1] * n)
    bb = []
    for i in range(1, n + 1):
        band = [j for j in range(max(1, i - 5), min(n, i + 1) + 1) if j != i]
        bb.append(f"x{i}*(2 + 5*x{i}^2) + 1 - (" + " + ".join(f"x{j}*(1 + x{j})" for j in band) + ")")
    add("broyden-banded-10", bb, [-1] * n)
    m = 20
    add("linear-full-rank-10", [f"x{i} - {2 / m}*({total}) - 1" for i in range(1, n + 1)]
        + [f"-{2 / m}*({total}) - 1" for _ in range(n + 1, m + 1)], [1] * n)
    weighted_sum = " + ".join(f"{j}*x{j}" for j in range(1, n + 1))
    add("linear-rank-1-10", [f"{i}*({weighted_sum}) - 1" for i in range(1, m + 1)], [1] * n)
    inner = " + ".join(f"{j}*x{j}" for j in range(2, n))
    add("linear-rank-1-zero-10", ["-1"] + [f"{i - 1}*({inner}) - 1" for i in range(2, m)] + ["-1"], [1] * n)
    n = 8
    cheb = []
    for i in range(1, n + 1):
        coefficients = chebyshev.cheb2poly([0] * i + [1])
        poly = lambda j: " + ".join(f"{num(c)}*(2*x{j} - 1)^{k}" for k, c in enumerate(coefficients) if c != 0)
        integral = 0.0 if i % 2 == 1 else -1 / (i * i - 1)
        cheb.append(f"({' + '.join(f'({poly(j)})' for j in range(1, n + 1))})/{n} - {num(integral)}")
    add("chebyquad-8", cheb, [j / (n + 1) for j in range(1, n + 1)])
    return out


FUNCTIONS = dict(exp=jnp.exp, sin=jnp.sin, cos=jnp.cos, sqrt=jnp.sqrt, atan2=jnp.arctan2, pi=jnp.pi)


def compile_expression(text, n):
    """The expression as a JAX function of one vector (x1 … xn are its entries)."""
    code = compile(text.replace("^", "**"), "<expression>", "eval")

    def f(v):
        scope = dict(FUNCTIONS)
        scope.update({f"x{j + 1}": v[j] for j in range(n)})
        return eval(code, {"__builtins__": {}}, scope)

    return f


def scipy_value_and_gradient(problem):
    """The problem's f as SciPy's `jac=True` callable: x ↦ (f(x), ∇f(x)) in float64, JAX-jitted."""
    value_and_grad = jax.jit(jax.value_and_grad(compile_expression(problem["expression"], len(problem["x0"]))))

    def fun(v):
        value, gradient = value_and_grad(jnp.asarray(v))
        return float(value), np.asarray(gradient, dtype=float)

    return fun


def main():
    cases = []
    for problem in problems():
        n = len(problem["x0"])
        f = compile_expression(problem["expression"], n)
        result = so.minimize(scipy_value_and_gradient(problem), np.array(problem["x0"]), jac=True, method="CG",
                             options=dict(gtol=1e-5))
        problem.update(scipy_cg=dict(nfev=int(result.nfev), njev=int(result.njev), nit=int(result.nit),
                                     success=bool(result.success), fun=json_number(result.fun),
                                     gradient_inf_norm=json_number(np.max(np.abs(result.jac)))),
                       value_at_x0=json_number(f(jnp.asarray(problem["x0"], dtype=float))))
        cases.append(problem)
        print(f"{problem['name']:26s} n={n:2d} nfev={result.nfev:5d} success={result.success} f={result.fun:.6g}")

    # Biggs EXP6: BFGS's stopping point, then Newton on ∇f = 0 to place the saddle exactly.
    biggs = next(c for c in cases if c["name"] == "biggs-exp6")
    f = compile_expression(biggs["expression"], 6)
    gradient, hessian = jax.jit(jax.grad(f)), jax.jit(jax.hessian(f))
    bfgs = so.minimize(lambda v: float(f(jnp.asarray(v))), np.array(biggs["x0"]),
                       jac=lambda v: np.asarray(gradient(jnp.asarray(v))), method="BFGS", options=dict(gtol=1e-5))
    point = np.array(bfgs.x)
    # The saddle lies on a curve of them (x1 = x5 and x3 = x6 make the two outer exponentials one), so
    # the Hessian has an exact zero eigenvalue there: the least-squares Newton step ignores that direction.
    for _ in range(10):
        g = np.asarray(gradient(point))
        if np.max(np.abs(g)) <= 1e-14:
            break
        point = point - np.linalg.lstsq(np.asarray(hessian(point)), g, rcond=1e-10)[0]
    eigenvalues = np.linalg.eigvalsh(np.asarray(hessian(point)))
    print(f"biggs saddle: f = {float(f(point)):.6g}, |g| = {np.max(np.abs(gradient(point))):.2e}, eigenvalues {eigenvalues}")
    saddle = dict(bfgs_x=json_nested(bfgs.x), bfgs_fun=json_number(bfgs.fun), point=json_nested(point),
                  value=json_number(f(point)), gradient_inf_norm=json_number(np.max(np.abs(gradient(point)))),
                  eigenvalues=json_nested(eigenvalues))

    out = dict(generator="Tools/references/cg_descent_mgh.py", scipy=scipy.__version__, jax=jax.__version__,
               problems=cases, biggs_saddle=saddle)
    path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentOptimizeTests", "References",
                        "cg_descent_mgh.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
