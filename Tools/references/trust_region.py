"""Trust-region references for Tests/DescentOptimizeTests/References/trust_region.json.

1. Subproblems min gᵀp + ½pᵀBp subject to ‖p‖₂ ≤ Δ solved exactly in the eigenbasis of B
   (brute force: the secular equation Σ (qᵢᵀg)²/(λᵢ + λ)² = Δ² by Brent's method on λ > max(0, −λ₁),
   with the hard case completed along the eigenvector q₁), and, where SciPy's Moré–Sorensen solver
   (`scipy.optimize._trustregion_exact.IterativeSubproblem`, tolerances tightened to 1e-12) is run
   on the same data, its answer beside it.
2. SciPy's `trust-exact`, `trust-krylov`, `trust-ncg` and Newton-CG runs on Moré–Garbow–Hillstrom
   problems (Rosenbrock, Beale, Meyer, Biggs EXP6, Osborne 1, Brown badly scaled) and Himmelblau,
   with gtol = 1e-5 on ‖∇f‖₂ (SciPy's trust methods use the 2-norm), recording evaluation counts,
   and `trust-krylov` on the extended Rosenbrock function with n = 1000 (Hessian-vector products only).
3. SciPy's `trust-exact` on all 35 Moré–Garbow–Hillstrom problems (definitions from mgh_suite.py), for
   the evaluation-count comparison over the whole set.

Derivatives of the test problems come from JAX in double precision (exact, not finite differences).
"""
import json
import os

import jax
import jax.numpy as jnp
import numpy as np
import scipy
import scipy.optimize as so
from scipy.optimize import brentq
from scipy.optimize._trustregion_exact import IterativeSubproblem

from reference_json import json_nested, json_number

jax.config.update("jax_enable_x64", True)

GTOL = 1e-5


# ---------------------------------------------------------------------------------------------
# Subproblems
# ---------------------------------------------------------------------------------------------

def exact_subproblem(b, g, radius):
    """The global minimizer of gᵀp + ½pᵀBp on ‖p‖ ≤ Δ by eigendecomposition (Moré & Sorensen 1983,
    Lemma 2.1: (B + λI)p = −g, B + λI ⪰ 0, λ(Δ − ‖p‖) = 0)."""
    lam, q = np.linalg.eigh(b)
    gamma = q.T @ g
    lowest = lam[0]
    # Work with the offset s = λ − max(0, −λ₁), so that λᵢ + λ = (λᵢ − λ₁) + s near the pole of the
    # secular function stays accurate when λ is barely above −λ₁ (the near-hard case).
    floor = max(0.0, -lowest)
    gaps = lam - lowest if lowest < 0 else lam

    def norm_at(offset):
        return np.sqrt(np.sum((gamma / (gaps + offset)) ** 2))

    if lowest > 0 and norm_at(0.0) <= radius:
        return dict(step=-q @ (gamma / lam), multiplier=0.0, hard_case=False)
    # Hard case: g has (numerically) no component along the lowest eigenvector(s) and the step at
    # λ = −λ₁ is inside the region.
    lowest_block = np.abs(lam - lowest) <= 1e-12 * max(1.0, np.abs(lam).max())
    if np.all(np.abs(gamma[lowest_block]) <= 1e-14 * max(1.0, np.linalg.norm(g))):
        rest = ~lowest_block
        p = -q[:, rest] @ (gamma[rest] / gaps[rest])
        if np.linalg.norm(p) <= radius:
            tau = np.sqrt(radius ** 2 - p @ p)
            return dict(step=p + tau * q[:, 0], multiplier=floor, hard_case=True)
    hi = 1.0
    while norm_at(hi) > radius:
        hi *= 2
    lo = 1e-300
    offset = brentq(lambda s: 1 / radius - 1 / norm_at(s), lo, hi, xtol=1e-300, rtol=1e-15, maxiter=1000)
    return dict(step=-q @ (gamma / (gaps + offset)), multiplier=floor + offset, hard_case=False)


def scipy_subproblem(b, g, radius):
    """SciPy's Moré–Sorensen solver with tight tolerances (k_easy = k_hard = 1e-12)."""
    sub = IterativeSubproblem(np.zeros(len(g)), lambda x: 0.0, lambda x: g, lambda x: b,
                              k_easy=1e-12, k_hard=1e-12)
    p, hits = sub.solve(radius)
    return dict(step=p, multiplier=float(sub.lambda_current), hits_boundary=bool(hits))


def subproblem_cases():
    rng = np.random.default_rng(20261204)
    cases = []

    def add(name, b, g, radius, with_scipy=True):
        b = 0.5 * (b + b.T)
        exact = exact_subproblem(b, g, radius)
        p = exact["step"]
        case = dict(name=name, hessian=json_nested(b), gradient=json_nested(g), radius=radius,
                    step=json_nested(p), multiplier=json_number(exact["multiplier"]),
                    hard_case=exact["hard_case"], model=json_number(g @ p + 0.5 * p @ b @ p),
                    eigenvalues=json_nested(np.linalg.eigvalsh(b)))
        if with_scipy:
            s = scipy_subproblem(b, g, radius)
            case["scipy_step"] = json_nested(s["step"])
            case["scipy_multiplier"] = json_number(s["multiplier"])
            case["scipy_model"] = json_number(g @ s["step"] + 0.5 * s["step"] @ b @ s["step"])
        cases.append(case)

    def orthogonal(n):
        q, r = np.linalg.qr(rng.standard_normal((n, n)))
        return q * np.sign(np.diag(r))

    n = 6
    q = orthogonal(n)
    pd = q @ np.diag([0.5, 1, 2, 4, 8, 16]) @ q.T
    g = rng.standard_normal(n)
    add("positive-definite-interior", pd, g, 100.0)
    add("positive-definite-boundary", pd, g, 0.3)
    q = orthogonal(n)
    indefinite = q @ np.diag([-3, -1, 0.5, 2, 5, 9]) @ q.T
    g = rng.standard_normal(n)
    add("indefinite", indefinite, g, 1.0)
    add("indefinite-small-radius", indefinite, g, 0.05)
    add("indefinite-large-radius", indefinite, g, 50.0)
    add("singular-positive-semidefinite", q @ np.diag([0, 1, 2, 3, 4, 5]) @ q.T, g, 2.0)
    # The hard case of the brief: B = diag(−1, 1, 2), g ⟂ e₁, Δ large: λ = 1 and the step has a
    # component along e₁ (its sign is arbitrary). SciPy's solver is not run on exact hard cases:
    # its step along the eigenvector may take either sign, so only the exact answer is stored.
    add("hard-case-diagonal", np.diag([-1.0, 1.0, 2.0]), np.array([0.0, 1.0, 1.0]), 5.0, with_scipy=False)
    q = orthogonal(n)
    lam = np.array([-2, -0.5, 1, 3, 4, 7.0])
    hard = q @ np.diag(lam) @ q.T
    g = q @ np.concatenate([[0.0], rng.standard_normal(n - 1)])
    add("hard-case-rotated", hard, g, 10.0, with_scipy=False)
    # Near the hard case: a tiny component along the lowest eigenvector makes λ barely above −λ₁.
    g_near = g + 1e-6 * q[:, 0]
    add("near-hard-case", hard, g_near, 10.0)
    # The hard case whose radius is small enough that the easy case holds again (‖p(−λ₁)‖ > Δ).
    add("hard-case-direction-small-radius", hard, g, 0.1, with_scipy=False)
    # Zero gradient at a saddle: the step is Δ along the lowest eigenvector.
    add("zero-gradient-saddle", hard, np.zeros(n), 2.0, with_scipy=False)
    n = 40
    q = orthogonal(n)
    big = q @ np.diag(np.linspace(-5, 20, n)) @ q.T
    g = rng.standard_normal(n)
    add("indefinite-n40", big, g, 3.0)
    return cases


# ---------------------------------------------------------------------------------------------
# Test problems (Moré, Garbow and Hillstrom, ACM TOMS 7(1), 1981): f = Σ rᵢ(x)²
# ---------------------------------------------------------------------------------------------

def sum_of_squares(residuals):
    return lambda x: jnp.sum(residuals(x) ** 2)


MEYER_Y = jnp.array([34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427,
                     3820, 3307, 2872], dtype=jnp.float64)
OSBORNE1_Y = jnp.array([0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718,
                        0.685, 0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467,
                        0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406])


def meyer(x):
    t = 45.0 + 5.0 * jnp.arange(1, 17)
    return x[0] * jnp.exp(x[1] / (t + x[2])) - MEYER_Y


def biggs_exp6(x):
    t = 0.1 * jnp.arange(1, 14)
    y = jnp.exp(-t) - 5 * jnp.exp(-10 * t) + 3 * jnp.exp(-4 * t)
    return x[2] * jnp.exp(-t * x[0]) - x[3] * jnp.exp(-t * x[1]) + x[5] * jnp.exp(-t * x[4]) - y


def osborne1(x):
    t = 10.0 * jnp.arange(33)
    return OSBORNE1_Y - (x[0] + x[1] * jnp.exp(-t * x[3]) + x[2] * jnp.exp(-t * x[4]))


def brown_badly_scaled(x):
    return jnp.array([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2])


def rosenbrock(x):
    return jnp.array([10 * (x[1] - x[0] ** 2), 1 - x[0]])


def beale(x):
    c = jnp.array([1.5, 2.25, 2.625])
    k = jnp.arange(1, 4)
    return c - x[0] * (1 - x[1] ** k)


def himmelblau(x):
    return jnp.array([x[0] ** 2 + x[1] - 11, x[0] + x[1] ** 2 - 7])


PROBLEMS = [
    ("rosenbrock", rosenbrock, [-1.2, 1.0]),
    ("beale", beale, [1.0, 1.0]),
    ("himmelblau", himmelblau, [0.0, 0.0]),
    ("meyer", meyer, [0.02, 4000.0, 250.0]),
    ("biggs-exp6", biggs_exp6, [1.0, 2.0, 1.0, 1.0, 1.0, 1.0]),
    ("osborne1", osborne1, [0.5, 1.5, -1.0, 0.01, 0.02]),
    ("brown-badly-scaled", brown_badly_scaled, [1.0, 1.0]),
]


def run(name, residuals, x0, method):
    f = jax.jit(sum_of_squares(residuals))
    grad = jax.jit(jax.grad(f))
    hess = jax.jit(jax.hessian(f))
    hessp = jax.jit(lambda x, p: jax.jvp(jax.grad(f), (x,), (p,))[1])
    kwargs = dict(jac=lambda x: np.asarray(grad(x)))
    if method in ("trust-exact",):
        kwargs["hess"] = lambda x: np.asarray(hess(x))
    else:
        kwargs["hessp"] = lambda x, p: np.asarray(hessp(x, p))
    options = dict(maxiter=10000)
    if method != "Newton-CG":
        options["gtol"] = GTOL
    r = so.minimize(lambda x: float(f(x)), np.array(x0, dtype=float), method=method, options=options, **kwargs)
    g = np.asarray(grad(r.x))
    return dict(method=method, x=json_nested(r.x), f=json_number(r.fun), nfev=int(r.nfev), njev=int(r.get("njev", 0)),
                nhev=int(r.get("nhev", 0)), nit=int(r.nit), success=bool(r.success),
                gradient_two_norm=json_number(np.linalg.norm(g)))


def extended_rosenbrock_krylov(n=1000):
    def f(x):
        a, b = x[0::2], x[1::2]
        return float(np.sum(100 * (b - a * a) ** 2 + (1 - a) ** 2))

    def grad(x):
        a, b = x[0::2], x[1::2]
        g = np.empty_like(x)
        g[0::2] = -400 * a * (b - a * a) - 2 * (1 - a)
        g[1::2] = 200 * (b - a * a)
        return g

    def hessp(x, v):
        a, b = x[0::2], x[1::2]
        h11, h12 = 1200 * a * a - 400 * b + 2, -400 * a
        out = np.empty_like(x)
        out[0::2] = h11 * v[0::2] + h12 * v[1::2]
        out[1::2] = h12 * v[0::2] + 200 * v[1::2]
        return out

    x0 = np.tile([-1.2, 1.0], n // 2)
    runs = []
    for method in ("trust-krylov", "trust-ncg"):
        r = so.minimize(f, x0, jac=grad, hessp=hessp, method=method, options=dict(gtol=GTOL, maxiter=10000))
        runs.append(dict(method=method, f=json_number(r.fun), nfev=int(r.nfev), njev=int(r.get("njev", 0)),
                         nhev=int(r.get("nhev", 0)), nit=int(r.nit), success=bool(r.success),
                         gradient_two_norm=json_number(np.linalg.norm(grad(r.x)))))
    return dict(name=f"extended-rosenbrock-{n}", dimension=n, runs=runs)


def mgh_trust_exact():
    """SciPy's trust-exact on the 35 MGH problems from the standard starts, gtol 1e-5 on ‖∇f‖₂."""
    import mgh_suite as mgh
    runs = []
    for number, name, residuals, start, *_ in mgh.PROBLEMS:
        result = run(name, residuals, [float(v) for v in start], "trust-exact")
        result.update(number=number, name=name)
        runs.append(result)
    return runs


def main():
    problems = []
    for name, residuals, x0 in PROBLEMS:
        runs = [run(name, residuals, x0, m) for m in ("trust-exact", "trust-krylov", "trust-ncg", "Newton-CG")]
        problems.append(dict(name=name, x0=x0, runs=runs))
    out = dict(generator="Tools/references/trust_region.py", scipy=scipy.__version__, jax=jax.__version__,
               gtol=GTOL, subproblems=subproblem_cases(), problems=problems,
               large=extended_rosenbrock_krylov(), mgh_trust_exact=mgh_trust_exact())
    path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentOptimizeTests", "References",
                        "trust_region.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
