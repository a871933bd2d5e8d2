"""scikit-learn / celer side of the logistic-regression benchmarks (see logistic_cases.py):

  logistic_l2_lbfgs_1e5x100    LogisticRegression(C=0.01, solver="lbfgs", tol=1e-4) on the 10⁵ × 100
                               data of lbfgs_logistic_1e5x100 (λ = 1e-3 there: C = 1/(nλ))
  logistic_l2_newton_1e5x100   the same with solver="newton-cholesky"
  logistic_l1_path_*           the L1 path without intercept over 10 C values from l1_min_c to
                               30·l1_min_c (log-spaced) on X 2000 × 500: liblinear (tol 1e-6),
                               saga (tol 1e-4, warm_start=True), celer (tol 1e-6, warm starts)

The check is scikit-learn's objective C Σ log-loss + R(w) at the answer, summed over a path.
"""
import warnings

import numpy as np

from optimize_common import case_noop, main, timed_run

L2_C = 0.01
PATH_COUNT, PATH_SPAN = 10, 30.0


def objective(x, y, coef, intercept, C, penalty):
    z = x @ coef + intercept
    loss = np.sum(np.logaddexp(0, z) - y * z)
    reg = np.abs(coef).sum() if penalty == "l1" else 0.5 * coef @ coef
    return float(C * loss + reg)


def l2_case(solver):
    def case(d, r, w):
        from sklearn.linear_model import LogisticRegression
        x, y = d("lbfgs_logistic_x"), d("lbfgs_logistic_y")

        def run():
            model = LogisticRegression(C=L2_C, solver=solver, tol=1e-4, max_iter=1000)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.fit(x, y)
            coef, b = model.coef_.ravel(), model.intercept_[0]
            return objective(x, y, coef, b, L2_C, "l2"), {"iterations": int(model.n_iter_[0])}
        return timed_run(r, w, run)
    return case


def path_grid(x, y):
    from sklearn.svm import l1_min_c
    return l1_min_c(x, y, loss="log", fit_intercept=False) * np.logspace(0, np.log10(PATH_SPAN), PATH_COUNT)


def path_case(make, warm):
    def case(d, r, w):
        x, y = d("l1path_x"), d("l1path_y")
        grid = path_grid(x, y)

        def run():
            total, iterations, model = 0.0, 0, None
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for C in grid:
                    if warm and model is not None:
                        model.set_params(C=C)
                    else:
                        model = make(C)
                    model.fit(x, y)
                    total += objective(x, y, model.coef_.ravel(), 0.0, C, "l1")
                    iterations += int(np.max(getattr(model, "n_iter_", 0)))  # celer keeps no count
            return total, {"iterations": iterations, "final_f": total, "nonzeros_last": int((model.coef_ != 0).sum())}
        return timed_run(r, w, run)
    return case


def liblinear(C):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=C, l1_ratio=1.0, solver="liblinear", fit_intercept=False, tol=1e-6, max_iter=1000)


def saga(C):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=C, l1_ratio=1.0, solver="saga", fit_intercept=False, tol=1e-4, max_iter=1000,
                              warm_start=True, random_state=0)


def celer_model(C):
    import celer
    return celer.LogisticRegression(C=C, tol=1e-6, warm_start=True)


CASES = {"noop": case_noop,
         "logistic_l2_lbfgs_1e5x100": l2_case("lbfgs"), "logistic_l2_newton_1e5x100": l2_case("newton-cholesky"),
         "logistic_l1_path_liblinear": path_case(liblinear, warm=False),
         "logistic_l1_path_saga": path_case(saga, warm=True)}
try:
    import celer  # noqa: F401  (optional: without it the celer row reports "not available")
    CASES["logistic_l1_path_celer"] = path_case(celer_model, warm=True)
except ImportError:
    pass


def info():
    import sklearn
    versions = {"scikit-learn": sklearn.__version__}
    try:
        import celer
        versions["celer"] = celer.__version__
    except ImportError:
        versions["celer"] = "missing (its row is skipped)"
    return versions


if __name__ == "__main__":
    main(CASES, info)
