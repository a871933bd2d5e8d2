"""skglm side of the lasso-path benchmarks (see linear_model_common.py): its `Lasso` estimator
(Anderson-accelerated working-set coordinate descent) with warm starts along the α grid. skglm's
`tol` bounds the violation of the optimality conditions, not the gap; the gap each α reached is
reported under the table."""
import skglm
from skglm import Lasso

from linear_model_common import PATH_TOL, alpha_grid, case_noop, dense_problem, serve, sparse_problem, timed_path
from numpy_peer import numpy_info
import numpy as np


def run(x, y):
    alphas = alpha_grid(x, y)
    model = Lasso(alpha=alphas[0], fit_intercept=False, warm_start=True, tol=PATH_TOL)
    coefs = np.empty((x.shape[1], len(alphas)))
    for k, a in enumerate(alphas):
        model.alpha = a
        model.fit(x, y)
        coefs[:, k] = model.coef_
    return alphas, coefs, None


def case_lasso_path_dense_1e4x1e3(d, r, w):
    x, y = dense_problem(d)
    return timed_path(r, w, x, y, lambda: run(x, y))


def case_lasso_path_sparse_1e5x1e4(d, r, w):
    x, y = sparse_problem(d)
    x = x.tocsc()
    return timed_path(r, w, x, y, lambda: run(x, y))


CASES = {"noop": case_noop, "lasso_path_dense_1e4x1e3": case_lasso_path_dense_1e4x1e3,
         "lasso_path_sparse_1e5x1e4": case_lasso_path_sparse_1e5x1e4}


def info():
    result = numpy_info()
    result["skglm"] = skglm.__version__
    return result


if __name__ == "__main__":
    serve(CASES, info)
