"""scikit-learn side of the linear-model benchmarks (see linear_model_common.py): `lasso_path`
(coordinate descent with gap-safe screening; Gram matrix when n > d, as precompute="auto") and
`Ridge(solver="auto")` (Cholesky on the normal equations for dense X)."""
import warnings

import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Ridge, lasso_path

from linear_model_common import PATH_TOL, RIDGE_ALPHA, case_noop, dense_problem, ridge_problem, serve, sparse_problem, timed, timed_path
from numpy_peer import numpy_info


def sklearn_path(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        alphas, coefs, _, n_iters = lasso_path(x, y, eps=1e-3, tol=PATH_TOL, return_n_iter=True)
    return alphas, coefs, sum(n_iters)


def case_lasso_path_dense_1e4x1e3(d, r, w):
    x, y = dense_problem(d)
    return timed_path(r, w, x, y, lambda: sklearn_path(x, y))


def case_lasso_path_sparse_1e5x1e4(d, r, w):
    x, y = sparse_problem(d)
    return timed_path(r, w, x, y, lambda: sklearn_path(x, y))


def case_ridge_1e5x500(d, r, w):
    x, y = ridge_problem(d)
    timing = timed(r, w, lambda: Ridge(alpha=RIDGE_ALPHA).fit(x, y), lambda m: float(m.coef_.sum() + m.intercept_))
    return timing


CASES = {"noop": case_noop, "lasso_path_dense_1e4x1e3": case_lasso_path_dense_1e4x1e3,
         "lasso_path_sparse_1e5x1e4": case_lasso_path_sparse_1e5x1e4, "ridge_1e5x500": case_ridge_1e5x500}


def info():
    result = numpy_info()
    result["sklearn"] = sklearn.__version__
    return result


if __name__ == "__main__":
    serve(CASES, info)
