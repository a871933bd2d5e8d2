"""The Moré–Garbow–Hillstrom test problems written independently in JAX, for
Tests/DescentOptimizeTests/References/mgh_suite.json.

Source: J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained optimization software",
ACM TOMS 7(1), 1981, pp. 17–41 (problem numbers, residuals fᵢ, standard starts and minima are the
paper's). Each problem is f(x) = Σᵢ fᵢ(x)². For every problem the JSON holds f, ∇f (jax.grad) at the
standard start x₀ and at a second point x₁ = x₀ + 0.1·sin(i + 1)·max(1, |x₀ᵢ|), the Hessian at x₀
(jax.hessian, n ≤ 12), and the minimum values: the paper's printed f* (6 digits) and the same
minimum polished to full precision by MINPACK's Levenberg–Marquardt (scipy.optimize.least_squares,
method "lm") from the point named in `polish_from`; the script stops if a polished value disagrees
with the paper's printed digits (that would mean a wrong definition or wrong data).

The large-scale problems (extended Rosenbrock, …, at n in the thousands) reuse the same variable-
dimension definitions, plus five CUTEst problems written as f directly; the JSON holds f and ∇f at the
start and the second point for n = 1000 (Broyden banded n = 200, Chebyquad n = 50: their Python forms are
loops), so the vectorized Swift forms are checked at the size they run at.
"""
import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np
import scipy
import scipy.optimize as so

from reference_json import json_nested

jax.config.update("jax_enable_x64", True)

# ---------------------------------------------------------------- data


BARD_Y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
GAUSSIAN_Y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295,
              0.0540, 0.0175, 0.0044, 0.0009]
MEYER_Y = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820,
           3307, 2872]
KOWALIK_Y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
KOWALIK_U = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
OSBORNE1_Y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685,
              0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448,
              0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
OSBORNE2_Y = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608,
              0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661,
              0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428,
              0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559,
              0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054]

# ---------------------------------------------------------------- residuals (1-based i as in the paper)


def idx(m):
    return jnp.arange(1, m + 1, dtype=jnp.float64)


def rosenbrock(x):
    return jnp.stack([10 * (x[1] - x[0] ** 2), 1 - x[0]])


def freudenstein_roth(x):
    return jnp.stack([-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1],
                      -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]])


def powell_badly_scaled(x):
    return jnp.stack([1e4 * x[0] * x[1] - 1, jnp.exp(-x[0]) + jnp.exp(-x[1]) - 1.0001])


def brown_badly_scaled(x):
    return jnp.stack([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2])


def beale(x):
    i = idx(3)
    return jnp.array([1.5, 2.25, 2.625]) - x[0] * (1 - x[1] ** i)


def jennrich_sampson(x, m=10):
    i = idx(m)
    return 2 + 2 * i - (jnp.exp(i * x[0]) + jnp.exp(i * x[1]))


def helical_valley(x):
    theta = jnp.arctan(x[1] / x[0]) / (2 * math.pi) + jnp.where(x[0] < 0, 0.5, 0.0)
    return jnp.stack([10 * (x[2] - 10 * theta), 10 * (jnp.sqrt(x[0] ** 2 + x[1] ** 2) - 1), x[2]])


def bard(x):
    u = idx(15)
    v = 16 - u
    w = jnp.minimum(u, v)
    return jnp.array(BARD_Y) - (x[0] + u / (v * x[1] + w * x[2]))


def gaussian(x):
    t = (8 - idx(15)) / 2
    return x[0] * jnp.exp(-x[1] * (t - x[2]) ** 2 / 2) - jnp.array(GAUSSIAN_Y)


def meyer(x):
    t = 45 + 5 * idx(16)
    return x[0] * jnp.exp(x[1] / (t + x[2])) - jnp.array(MEYER_Y, dtype=jnp.float64)


def gulf(x, m=99):
    t = idx(m) / 100
    y = 25 + (-50 * jnp.log(t)) ** (2 / 3)
    return jnp.exp(-jnp.abs(y - x[1]) ** x[2] / x[0]) - t


def box_3d(x, m=10):
    t = 0.1 * idx(m)
    return jnp.exp(-t * x[0]) - jnp.exp(-t * x[1]) - x[2] * (jnp.exp(-t) - jnp.exp(-10 * t))


def powell_singular(x):
    return jnp.stack([x[0] + 10 * x[1], math.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2,
                      math.sqrt(10) * (x[0] - x[3]) ** 2])


def wood(x):
    return jnp.stack([10 * (x[1] - x[0] ** 2), 1 - x[0], math.sqrt(90) * (x[3] - x[2] ** 2), 1 - x[2],
                      math.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / math.sqrt(10)])


def kowalik_osborne(x):
    u = jnp.array(KOWALIK_U)
    return jnp.array(KOWALIK_Y) - x[0] * (u ** 2 + u * x[1]) / (u ** 2 + u * x[2] + x[3])


def brown_dennis(x, m=20):
    t = idx(m) / 5
    return (x[0] + t * x[1] - jnp.exp(t)) ** 2 + (x[2] + x[3] * jnp.sin(t) - jnp.cos(t)) ** 2


def osborne1(x):
    t = 10 * (idx(33) - 1)
    return jnp.array(OSBORNE1_Y) - (x[0] + x[1] * jnp.exp(-t * x[3]) + x[2] * jnp.exp(-t * x[4]))


def biggs_exp6(x, m=13):
    t = 0.1 * idx(m)
    y = jnp.exp(-t) - 5 * jnp.exp(-10 * t) + 3 * jnp.exp(-4 * t)
    return x[2] * jnp.exp(-t * x[0]) - x[3] * jnp.exp(-t * x[1]) + x[5] * jnp.exp(-t * x[4]) - y


def osborne2(x):
    t = (idx(65) - 1) / 10
    return jnp.array(OSBORNE2_Y) - (x[0] * jnp.exp(-t * x[4]) + x[1] * jnp.exp(-(t - x[8]) ** 2 * x[5])
                                    + x[2] * jnp.exp(-(t - x[9]) ** 2 * x[6])
                                    + x[3] * jnp.exp(-(t - x[10]) ** 2 * x[7]))


def watson(x):
    n = x.shape[0]
    t = idx(29) / 29
    derivative = sum((j - 1) * x[j - 1] * t ** (j - 2) for j in range(2, n + 1))
    value = sum(x[j - 1] * t ** (j - 1) for j in range(1, n + 1))
    return jnp.concatenate([derivative - value ** 2 - 1, jnp.stack([x[0], x[1] - x[0] ** 2 - 1])])


def extended_rosenbrock(x):
    odd, even = x[0::2], x[1::2]
    return jnp.stack([10 * (even - odd ** 2), 1 - odd], axis=1).reshape(-1)


def extended_powell_singular(x):
    a, b, c, d = x[0::4], x[1::4], x[2::4], x[3::4]
    return jnp.stack([a + 10 * b, math.sqrt(5) * (c - d), (b - 2 * c) ** 2, math.sqrt(10) * (a - d) ** 2],
                     axis=1).reshape(-1)


def penalty1(x):
    return jnp.concatenate([math.sqrt(1e-5) * (x - 1), jnp.stack([jnp.sum(x ** 2) - 0.25])])


def penalty2(x):
    n = x.shape[0]
    a = math.sqrt(1e-5)
    i = jnp.arange(2, n + 1, dtype=jnp.float64)
    y = jnp.exp(i / 10) + jnp.exp((i - 1) / 10)
    weights = n - jnp.arange(1, n + 1, dtype=jnp.float64) + 1
    return jnp.concatenate([jnp.stack([x[0] - 0.2]),
                            a * (jnp.exp(x[1:] / 10) + jnp.exp(x[:-1] / 10) - y),
                            a * (jnp.exp(x[1:] / 10) - math.exp(-0.1)),
                            jnp.stack([jnp.sum(weights * x ** 2) - 1])])


def variably_dimensioned(x):
    n = x.shape[0]
    s = jnp.sum(idx(n) * (x - 1))
    return jnp.concatenate([x - 1, jnp.stack([s, s ** 2])])


def trigonometric(x):
    n = x.shape[0]
    return n - jnp.sum(jnp.cos(x)) + idx(n) * (1 - jnp.cos(x)) - jnp.sin(x)


def brown_almost_linear(x):
    n = x.shape[0]
    return jnp.concatenate([x[:-1] + jnp.sum(x) - (n + 1), jnp.stack([jnp.prod(x) - 1])])


def discrete_boundary_value(x):
    n = x.shape[0]
    h = 1 / (n + 1)
    t = idx(n) * h
    padded = jnp.concatenate([jnp.zeros(1), x, jnp.zeros(1)])
    return 2 * x - padded[:-2] - padded[2:] + h ** 2 * (x + t + 1) ** 3 / 2


def discrete_integral_equation(x):
    n = x.shape[0]
    h = 1 / (n + 1)
    t = idx(n) * h
    cube = (x + t + 1) ** 3
    lower = jnp.cumsum(t * cube)                                   # Σ_{j ≤ i} t_j (x_j + t_j + 1)³
    upper = jnp.sum((1 - t) * cube) - jnp.cumsum((1 - t) * cube)   # Σ_{j > i} (1 − t_j)(x_j + t_j + 1)³
    return x + h * ((1 - t) * lower + t * upper) / 2


def broyden_tridiagonal(x):
    padded = jnp.concatenate([jnp.zeros(1), x, jnp.zeros(1)])
    return (3 - 2 * x) * x - padded[:-2] - 2 * padded[2:] + 1


def broyden_banded(x):
    n = x.shape[0]
    out = []
    for i in range(n):
        lo, hi = max(0, i - 5), min(n - 1, i + 1)
        band = sum(x[j] * (1 + x[j]) for j in range(lo, hi + 1) if j != i)
        out.append(x[i] * (2 + 5 * x[i] ** 2) + 1 - band)
    return jnp.stack(out)


def broyden_banded_vectorized(x):
    """The same residuals as broyden_banded with shifted slices (for large n; main() checks they agree)."""
    n = x.shape[0]
    q = jnp.concatenate([jnp.zeros(5), x * (1 + x), jnp.zeros(1)])
    band = q[6:n + 6] + sum(q[5 - k:5 - k + n] for k in range(1, 6))
    return x * (2 + 5 * x ** 2) + 1 - band


def linear_full_rank(x, m=20):
    n = x.shape[0]
    s = jnp.sum(x)
    return jnp.concatenate([x - 2 * s / m - 1, jnp.full(m - n, 1.0) * (-2 * s / m - 1)])


def linear_rank1(x, m=20):
    n = x.shape[0]
    s = jnp.sum(idx(n) * x)
    return idx(m) * s - 1


def linear_rank1_zero(x, m=20):
    n = x.shape[0]
    s = jnp.sum(jnp.arange(2, n, dtype=jnp.float64) * x[1:-1])
    middle = jnp.arange(1, m - 1, dtype=jnp.float64) * s - 1        # (i − 1)·s − 1 for i = 2 … m − 1
    return jnp.concatenate([jnp.array([-1.0]), middle, jnp.array([-1.0])])


def chebyquad(x, m=None):
    n = x.shape[0]
    m = n if m is None else m
    y = 2 * x - 1
    previous, current = jnp.ones(n), y
    out = []
    for i in range(1, m + 1):
        integral = -1 / (i * i - 1) if i % 2 == 0 else 0.0
        out.append(jnp.mean(current) - integral)
        previous, current = current, 2 * y * current - previous
    return jnp.stack(out)


# ---------------------------------------------------------------- the collection


def ramp(n, f):
    return [f(j) for j in range(1, n + 1)]


def start_boundary(n):
    return ramp(n, lambda j: (j / (n + 1)) * (j / (n + 1) - 1))


# number, name, residuals, x0, paper minima (the first is the global f* the suite reports),
# polish_from ("start" or an explicit point whose LM limit is the first paper minimum; None = f* is 0 exactly)
PROBLEMS = [
    (1, "rosenbrock", rosenbrock, [-1.2, 1], [0], None),
    (2, "freudenstein-roth", freudenstein_roth, [0.5, -2], [0, 48.9842], None),
    (3, "powell-badly-scaled", powell_badly_scaled, [0, 1], [0], None),
    (4, "brown-badly-scaled", brown_badly_scaled, [1, 1], [0], None),
    (5, "beale", beale, [1, 1], [0], None),
    (6, "jennrich-sampson", jennrich_sampson, [0.3, 0.4], [124.362], "start"),
    (7, "helical-valley", helical_valley, [-1, 0, 0], [0], None),
    (8, "bard", bard, [1, 1, 1], [8.21487e-3, 17.4286], "start"),
    (9, "gaussian", gaussian, [0.4, 1, 0], [1.12793e-8], "start"),
    (10, "meyer", meyer, [0.02, 4000, 250], [87.9458], "start"),
    (11, "gulf", gulf, [5, 2.5, 0.15], [0], None),
    (12, "box-3d", box_3d, [0, 10, 20], [0], None),
    (13, "powell-singular", powell_singular, [3, -1, 0, 1], [0], None),
    (14, "wood", wood, [-3, -1, -3, -1], [0], None),
    (15, "kowalik-osborne", kowalik_osborne, [0.25, 0.39, 0.415, 0.39], [3.07505e-4, 1.02734e-3], "start"),
    (16, "brown-dennis", brown_dennis, [25, 5, -5, -1], [85822.2], "start"),
    (17, "osborne-1", osborne1, [0.5, 1.5, -1, 0.01, 0.02], [5.46489e-5], "start"),
    (18, "biggs-exp6", biggs_exp6, [1, 2, 1, 1, 1, 1], [0, 5.65565e-3], None),
    (19, "osborne-2", osborne2, [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5], [4.01377e-2], "start"),
    (20, "watson", watson, [0] * 6, [2.28767e-3], "start"),
    (21, "extended-rosenbrock", extended_rosenbrock, [-1.2, 1] * 5, [0], None),
    (22, "extended-powell-singular", extended_powell_singular, [3, -1, 0, 1] * 3, [0], None),
    (23, "penalty-1", penalty1, ramp(10, float), [7.08765e-5], "start"),
    (24, "penalty-2", penalty2, [0.5] * 10, [2.93660e-4], "start"),
    (25, "variably-dimensioned", variably_dimensioned, ramp(10, lambda j: 1 - j / 10), [0], None),
    (26, "trigonometric", trigonometric, [0.1] * 10, [0, 2.79506e-5], None),
    (27, "brown-almost-linear", brown_almost_linear, [0.5] * 10, [0, 1], None),
    (28, "discrete-boundary-value", discrete_boundary_value, start_boundary(10), [0], None),
    (29, "discrete-integral-equation", discrete_integral_equation, start_boundary(10), [0], None),
    (30, "broyden-tridiagonal", broyden_tridiagonal, [-1.0] * 10, [0], None),
    (31, "broyden-banded", broyden_banded, [-1.0] * 10, [0], None),
    (32, "linear-full-rank", linear_full_rank, [1.0] * 10, [10], "start"),
    (33, "linear-rank-1", linear_rank1, [1.0] * 10, [20 * 19 / (2 * 41)], "start"),
    (34, "linear-rank-1-zero-columns-rows", linear_rank1_zero, [1.0] * 10, [(400 + 60 - 6) / (2 * 37)], "start"),
    (35, "chebyquad", chebyquad, ramp(8, lambda j: j / 9), [3.51687e-3], "start"),
]



def objective(residuals):
    return lambda x: jnp.sum(residuals(x) ** 2)


def second_point(x0):
    return [v + 0.1 * math.sin(i + 1) * max(1.0, abs(v)) for i, v in enumerate(x0)]


def polish(residuals, x0):
    """MINPACK LM to the tightest tolerances, starting at x0; returns (f, x)."""
    r = jax.jit(residuals)
    jac = jax.jit(jax.jacfwd(residuals))
    sol = so.least_squares(lambda x: np.asarray(r(jnp.asarray(x))), np.asarray(x0, dtype=float),
                           jac=lambda x: np.asarray(jac(jnp.asarray(x))), method="lm",
                           xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
    return float(np.sum(sol.fun ** 2)), sol.x


def describe(number, name, residuals, x0, minima, polish_from):
    f = objective(residuals)
    grad = jax.grad(f)
    x0 = jnp.asarray(x0, dtype=jnp.float64)
    x1 = jnp.asarray(second_point(list(map(float, x0))), dtype=jnp.float64)
    record = {"number": number, "name": name, "n": int(x0.shape[0]), "m": int(residuals(x0).shape[0]),
              "start": json_nested(np.asarray(x0)), "second_point": json_nested(np.asarray(x1)),
              "f_start": float(f(x0)), "gradient_start": json_nested(np.asarray(grad(x0))),
              "residuals_start": json_nested(np.asarray(residuals(x0))),
              "f_second": float(f(x1)), "gradient_second": json_nested(np.asarray(grad(x1))),
              "paper_minima": minima}
    if x0.shape[0] <= 12:
        record["hessian_start"] = json_nested(np.asarray(jax.hessian(f)(x0)))
    if polish_from == "start":
        value, point = polish(residuals, x0)
        paper = minima[0]
        assert abs(value - paper) <= 1e-5 * abs(paper), f"{name}: polished {value} vs paper {paper}"
        record["minimum"] = value
        record["minimizer"] = json_nested(point)
    else:
        record["minimum"] = 0.0
    return record


# ---------------------------------------------------------------- large scale (same definitions, large n)
# plus CUTEst problems that are not sums of squares (f written directly).
# Source: I. Bongartz, A. R. Conn, N. Gould and Ph. L. Toint, "CUTE: Constrained and unconstrained testing
# environment", ACM TOMS 21(1), 1995 (SIF files ARWHEAD, TRIDIA, DQDRTIC, QUARTC, ENGVAL1).


def arwhead(x):
    return jnp.sum((x[:-1] ** 2 + x[-1] ** 2) ** 2 - 4 * x[:-1] + 3)


def tridia(x):
    i = idx(x.shape[0])
    return (x[0] - 1) ** 2 + jnp.sum(i[1:] * (2 * x[1:] - x[:-1]) ** 2)


def dqdrtic(x):
    return jnp.sum(100 * x[1:-1] ** 2 + 100 * x[2:] ** 2 + x[:-2] ** 2)


def quartc(x):
    return jnp.sum((x - idx(x.shape[0])) ** 4)


def engval1(x):
    return jnp.sum((x[:-1] ** 2 + x[1:] ** 2) ** 2 - 4 * x[:-1] + 3)


def squares(residuals):
    return lambda x: jnp.sum(residuals(x) ** 2)


# name, f, start(n), n at which the JSON checks it (the order of LargeScaleProblems.all)
LARGE = [
    ("extended-rosenbrock", squares(extended_rosenbrock), lambda n: [-1.2, 1] * (n // 2), 1000),
    ("extended-powell-singular", squares(extended_powell_singular), lambda n: [3, -1, 0, 1] * (n // 4), 1000),
    ("broyden-tridiagonal", squares(broyden_tridiagonal), lambda n: [-1.0] * n, 1000),
    ("broyden-banded", squares(broyden_banded), lambda n: [-1.0] * n, 200),
    ("discrete-boundary-value", squares(discrete_boundary_value), start_boundary, 1000),
    ("discrete-integral-equation", squares(discrete_integral_equation), start_boundary, 1000),
    ("penalty-1", squares(penalty1), lambda n: ramp(n, float), 1000),
    ("penalty-2", squares(penalty2), lambda n: [0.5] * n, 1000),
    ("trigonometric", squares(trigonometric), lambda n: [1 / n] * n, 1000),
    ("variably-dimensioned", squares(variably_dimensioned), lambda n: ramp(n, lambda j: 1 - j / n), 1000),
    ("chebyquad", squares(chebyquad), lambda n: ramp(n, lambda j: j / (n + 1)), 50),
    ("arwhead", arwhead, lambda n: [1.0] * n, 1000),
    ("tridia", tridia, lambda n: [1.0] * n, 1000),
    ("dqdrtic", dqdrtic, lambda n: [3.0] * n, 1000),
    ("quartc", quartc, lambda n: [2.0] * n, 1000),
    ("engval1", engval1, lambda n: [2.0] * n, 1000),
]


def describe_large(name, f, start, n):
    grad = jax.jit(jax.grad(f))
    x0 = jnp.asarray(start(n), dtype=jnp.float64)
    x1 = jnp.asarray(second_point(list(map(float, x0))), dtype=jnp.float64)
    return {"name": name, "n": n, "f_start": float(f(x0)), "gradient_start": json_nested(np.asarray(grad(x0))),
            "f_second": float(f(x1)), "gradient_second": json_nested(np.asarray(grad(x1)))}


def main():
    problems = [describe(*p) for p in PROBLEMS]
    large = [describe_large(*entry) for entry in LARGE]
    for x in (jnp.linspace(-1, 1, 40), jnp.sin(jnp.arange(7.0))):
        assert np.allclose(broyden_banded(x), broyden_banded_vectorized(x), rtol=1e-14, atol=1e-14)
    out = {"generator": "Tools/references/mgh_suite.py", "jax": jax.__version__, "scipy": scipy.__version__,
           "problems": problems, "large": large}
    path = os.path.join(os.path.dirname(__file__), "../../Tests/DescentOptimizeTests/References/mgh_suite.json")
    with open(path, "w") as fh:
        json.dump(out, fh)
    for p in problems:
        print(f"{p['number']:2d} {p['name']:34s} n={p['n']:2d} m={p['m']:3d} f0={p['f_start']:.6e} f*={p['minimum']:.12e}")


if __name__ == "__main__":
    main()
