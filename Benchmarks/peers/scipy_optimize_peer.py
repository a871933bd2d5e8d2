"""SciPy / scikit-learn side of the optimization benchmarks (see optimize_common.py):
scipy.optimize.minimize(method="L-BFGS-B", jac=True, gtol=1e-5, maxcor=10) with hand-written
NumPy value-and-gradient functions, and sklearn's LogisticRegression(solver="saga")."""
import warnings

import numpy as np
import scipy
import scipy.optimize
from scipy.special import expit

from optimize_common import GTOL, LOGISTIC_LAMBDA, SAGA_LAMBDA, case_noop, main, rosenbrock_start, timed, timed_run


def rosenbrock_vg(x):
    a = x[1::2] - x[0::2] ** 2
    b = 1 - x[0::2]
    g = np.empty_like(x)
    g[0::2] = -400 * x[0::2] * a - 2 * b
    g[1::2] = 200 * a
    return float(np.sum(100 * a * a + b * b)), g


def logistic_vg(x, y, lam):
    n = x.shape[0]

    def vg(w):
        z = x @ w
        loss = np.logaddexp(0, z).sum() - y @ z
        g = x.T @ (expit(z) - y) / n + lam * w
        return loss / n + 0.5 * lam * (w @ w), g
    return vg


def lbfgsb(fun, x0):
    # L-BFGS-B's gtol is the ∞-norm of the projected gradient (no bounds here: of the gradient);
    # ftol=0 so that only the gradient test stops it, as on our side.
    res = scipy.optimize.minimize(fun, x0, method="L-BFGS-B", jac=True,
                                  options={"gtol": GTOL, "maxcor": 10, "ftol": 0, "maxiter": 10_000, "maxfun": 100_000})
    return float(res.fun), {"iterations": res.nit, "function_evaluations": res.nfev, "final_f": res.fun,
                            "gradient_inf_norm": float(np.abs(res.jac).max()), "converged": float(res.success)}


def case_lbfgs_rosenbrock_1e4(d, r, w):
    x0 = rosenbrock_start()
    return timed_run(r, w, lambda: lbfgsb(rosenbrock_vg, x0))


def case_lbfgs_logistic_1e5x100(d, r, w):
    fun = logistic_vg(d("lbfgs_logistic_x"), d("lbfgs_logistic_y"), LOGISTIC_LAMBDA)
    return timed_run(r, w, lambda: lbfgsb(fun, np.zeros(100)))


# sklearn's saga stops when max|Δw| / max|w| < tol over an epoch; 1e-5 reaches an objective gap of
# the same order as our ‖∇f‖₂ ≤ 1e-6 (both reported under the table).
SAGA_TOL = 1e-5


def case_saga_logistic_1e4x50(d, r, w):
    from sklearn.linear_model import LogisticRegression
    x, y = d("saga_x"), d("saga_y")
    n = x.shape[0]
    fun = logistic_vg(x, y, SAGA_LAMBDA)
    # sklearn minimizes C Σ loss + ½‖w‖², the same minimizer as mean loss + (λ/2)‖w‖² with C = 1/(nλ).
    c = 1 / (n * SAGA_LAMBDA)

    def run():
        model = LogisticRegression(solver="saga", C=c, fit_intercept=False, tol=SAGA_TOL, max_iter=1000, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(x, y)
        coef = model.coef_.ravel()
        return fun(coef)[0], {"epochs": int(model.n_iter_[0])}
    timing = timed_run(r, w, run)
    reference = scipy.optimize.minimize(fun, np.zeros(x.shape[1]), method="L-BFGS-B", jac=True,
                                        options={"gtol": 1e-12, "ftol": 0, "maxiter": 10_000})
    timing.details.update({"final_f": timing.check, "objective_gap": timing.check - reference.fun})
    return timing


CASES = {"noop": case_noop, "lbfgs_rosenbrock_1e4": case_lbfgs_rosenbrock_1e4,
         "lbfgs_logistic_1e5x100": case_lbfgs_logistic_1e5x100, "saga_logistic_1e4x50": case_saga_logistic_1e4x50}


def info():
    import sklearn
    return {"scipy": scipy.__version__, "scikit-learn": sklearn.__version__}


if __name__ == "__main__":
    main(CASES, info)
