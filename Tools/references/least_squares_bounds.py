"""Reference runs from SciPy for Descent's least-squares and bound-constrained methods, written to
Tests/DescentOptimizeTests/References/least_squares_bounds.json.

- `least_squares(method='lm')` (MINPACK's lmder, analytic Jacobian, default tolerances 1e-8) on
  Moré–Garbow–Hillstrom problems. Besides the final point and counts, every Jacobian evaluation
  (MINPACK evaluates J only at accepted points) is logged with the residual evaluations made so
  far and ‖Jᵀr‖∞ there, so a test can read how many evaluations MINPACK needed to reach a gradient
  tolerance: the same stopping rule Descent's driver applies.
- the same runs on all 35 Moré–Garbow–Hillstrom problems of Tools/references/mgh_suite.py (residuals
  scaled by √2 as in Descent's `TestProblem.sumOfSquares`, so ½‖r‖² is the paper's Σ fᵢ², Jacobian by
  jax.jacfwd), for the evaluation-count comparison.
- `minimize(method='L-BFGS-B', bounds=...)` on bounded Rosenbrock, a bounded quadratic and a
  start outside the box, with ‖P(x − g) − x‖∞ at SciPy's answer.
"""
import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np
import scipy
import scipy.optimize as so

from mgh_suite import PROBLEMS as MGH_PROBLEMS
from reference_json import json_nested, json_number

jax.config.update("jax_enable_x64", True)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "DescentOptimizeTests", "References", "least_squares_bounds.json")


# Moré, Garbow and Hillstrom, "Testing unconstrained optimization software", ACM TOMS 7(1), 1981.
def rosenbrock(x):
    return np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]])


def rosenbrock_jac(x):
    return np.array([[-20 * x[0], 10.0], [-1.0, 0.0]])


MEYER_Y = np.array([34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820,
                    3307, 2872], dtype=float)
MEYER_T = 45 + 5 * np.arange(1, 17, dtype=float)


def meyer(x):
    return x[0] * np.exp(x[1] / (MEYER_T + x[2])) - MEYER_Y


def meyer_jac(x):
    e = np.exp(x[1] / (MEYER_T + x[2]))
    return np.stack([e, x[0] * e / (MEYER_T + x[2]), -x[0] * x[1] * e / (MEYER_T + x[2]) ** 2], axis=1)


OSBORNE_Y = np.array([0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685,
                      0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448,
                      0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406])
OSBORNE_T = 10.0 * np.arange(33)


def osborne1(x):
    return OSBORNE_Y - (x[0] + x[1] * np.exp(-OSBORNE_T * x[3]) + x[2] * np.exp(-OSBORNE_T * x[4]))


def osborne1_jac(x):
    e4, e5 = np.exp(-OSBORNE_T * x[3]), np.exp(-OSBORNE_T * x[4])
    return -np.stack([np.ones(33), e4, e5, -OSBORNE_T * x[1] * e4, -OSBORNE_T * x[2] * e5], axis=1)


BD_T = np.arange(1, 21) / 5.0


def brown_dennis(x):
    a = x[0] + BD_T * x[1] - np.exp(BD_T)
    b = x[2] + x[3] * np.sin(BD_T) - np.cos(BD_T)
    return a * a + b * b


def brown_dennis_jac(x):
    a = x[0] + BD_T * x[1] - np.exp(BD_T)
    b = x[2] + x[3] * np.sin(BD_T) - np.cos(BD_T)
    return np.stack([2 * a, 2 * a * BD_T, 2 * b, 2 * b * np.sin(BD_T)], axis=1)


def freudenstein_roth(x):
    return np.array([-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]])


def freudenstein_roth_jac(x):
    return np.array([[1.0, 10 * x[1] - 3 * x[1] ** 2 - 2], [1.0, 3 * x[1] ** 2 + 2 * x[1] - 14]])


BOX_T = 0.1 * np.arange(1, 11)


def box3d(x):
    return np.exp(-BOX_T * x[0]) - np.exp(-BOX_T * x[1]) - x[2] * (np.exp(-BOX_T) - np.exp(-10 * BOX_T))


def box3d_jac(x):
    return np.stack([-BOX_T * np.exp(-BOX_T * x[0]), BOX_T * np.exp(-BOX_T * x[1]),
                     -(np.exp(-BOX_T) - np.exp(-10 * BOX_T))], axis=1)


JS_I = np.arange(1, 11, dtype=float)


def jennrich_sampson(x):
    return 2 + 2 * JS_I - (np.exp(JS_I * x[0]) + np.exp(JS_I * x[1]))


def jennrich_sampson_jac(x):
    return np.stack([-JS_I * np.exp(JS_I * x[0]), -JS_I * np.exp(JS_I * x[1])], axis=1)


PROBLEMS = [
    ("rosenbrock", rosenbrock, rosenbrock_jac, [-1.2, 1.0]),
    ("meyer", meyer, meyer_jac, [0.02, 4000.0, 250.0]),
    ("osborne1", osborne1, osborne1_jac, [0.5, 1.5, -1.0, 0.01, 0.02]),
    ("brown_dennis", brown_dennis, brown_dennis_jac, [25.0, 5.0, -5.0, -1.0]),
    ("freudenstein_roth", freudenstein_roth, freudenstein_roth_jac, [0.5, -2.0]),
    ("box3d", box3d, box3d_jac, [0.0, 10.0, 20.0]),
    ("jennrich_sampson", jennrich_sampson, jennrich_sampson_jac, [0.3, 0.4]),
]


def lm_case(name, fun, jac, x0):
    calls = {"f": 0}
    log = []

    def counted(x):
        calls["f"] += 1
        return fun(x)

    def logged_jac(x):
        j = jac(x)
        log.append({"function_evaluations": calls["f"], "jacobian_evaluations": len(log) + 1,
                    "gradient_inf_norm": json_number(np.max(np.abs(j.T @ fun(x))))})
        return j

    res = so.least_squares(counted, np.array(x0), jac=logged_jac, method="lm")
    return {
        "name": name, "x0": x0, "x": json_nested(res.x), "cost": json_number(res.cost),
        "gradient_inf_norm": json_number(np.max(np.abs(res.jac.T @ res.fun))),
        "nfev": int(res.nfev), "njev": int(res.njev), "status": int(res.status),
        "jacobian_log": log,
    }


def mgh_case(number, name, residuals, x0):
    scaled = jax.jit(lambda x: math.sqrt(2) * residuals(x))
    jac = jax.jit(jax.jacfwd(lambda x: math.sqrt(2) * residuals(x)))
    case = lm_case(name, lambda x: np.asarray(scaled(jnp.asarray(x))), lambda x: np.asarray(jac(jnp.asarray(x))),
                   [float(v) for v in x0])
    case["number"] = number
    return case


def rosen(x):
    return sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def rosen_grad(x):
    return so.rosen_der(x)


def projected_gradient_norm(x, g, lower, upper):
    return float(np.max(np.abs(np.clip(x - g, lower, upper) - x)))


def lbfgsb_case(name, fun, grad, x0, lower, upper):
    lower, upper = np.array(lower, dtype=float), np.array(upper, dtype=float)
    res = so.minimize(fun, np.array(x0, dtype=float), jac=grad, method="L-BFGS-B", bounds=list(zip(lower, upper)),
                      options={"gtol": 1e-10, "ftol": 1e-15, "maxiter": 1000})
    g = grad(res.x)
    return {
        "name": name, "x0": x0, "lower": json_nested(lower), "upper": json_nested(upper),
        "x": json_nested(res.x), "f": json_number(res.fun),
        "projected_gradient_inf_norm": projected_gradient_norm(res.x, g, lower, upper),
        "active": [bool(res.x[i] <= lower[i] or res.x[i] >= upper[i]) for i in range(len(res.x))],
        "nfev": int(res.nfev), "nit": int(res.nit), "success": bool(res.success),
    }


# A bounded quadratic ½xᵀAx − bᵀx with a known answer: A is tridiagonal SPD, and the box is chosen so
# that some bounds bind.
QA = np.diag([4.0, 5.0, 6.0, 7.0, 8.0]) + np.diag([-1.0] * 4, 1) + np.diag([-1.0] * 4, -1)
QB = np.array([10.0, -8.0, 3.0, 12.0, -2.0])


def quadratic(x):
    return 0.5 * x @ QA @ x - QB @ x


def quadratic_grad(x):
    return QA @ x - QB


def main():
    lm = [lm_case(*p) for p in PROBLEMS]
    mgh = [mgh_case(number, name, residuals, x0) for number, name, residuals, x0, _, _ in MGH_PROBLEMS]
    bounded = [
        lbfgsb_case("rosenbrock_cut", rosen, rosen_grad, [-1.2, 1.0], [-1.5, -0.5], [0.8, 2.0]),
        lbfgsb_case("rosenbrock_outside_start", rosen, rosen_grad, [3.0, -3.0], [-1.5, -0.5], [0.8, 2.0]),
        lbfgsb_case("rosenbrock4_upper", rosen, rosen_grad, [-1.2, 1.0, -1.2, 1.0], [-2.0] * 4, [0.5, 2.0, 2.0, 0.7]),
        lbfgsb_case("quadratic", quadratic, quadratic_grad, [0.0] * 5, [0.0, 0.0, -1.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.5, 1.0]),
    ]
    out = {"scipy_version": scipy.__version__, "numpy_version": np.__version__, "lm": lm, "mgh_lm": mgh, "lbfgsb": bounded,
           "quadratic": {"a": json_nested(QA), "b": json_nested(QB)}}
    with open(OUT, "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
