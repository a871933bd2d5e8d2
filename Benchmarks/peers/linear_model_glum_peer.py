"""glum side of the lasso-path benchmarks (see linear_model_common.py):
`GeneralizedLinearRegressor(family="normal", l1_ratio=1, alpha_search=True, alphas=grid)` (IRLS with
coordinate descent, warm starts along the grid). glum stops on the gradient (`gradient_tol`), not
on the gap; the gap each α reached is reported under the table."""
import glum
import numpy as np
from glum import GeneralizedLinearRegressor

from linear_model_common import PATH_TOL, alpha_grid, case_noop, dense_problem, serve, sparse_problem, timed_path
from numpy_peer import numpy_info


def run(x, y):
    alphas = alpha_grid(x, y)
    model = GeneralizedLinearRegressor(family="normal", l1_ratio=1.0, alpha_search=True, alphas=alphas,
                                       fit_intercept=False, gradient_tol=PATH_TOL, max_iter=1000)
    model.fit(x, y)
    return alphas, np.asarray(model.coef_path_).T, None


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
    result["glum"] = glum.__version__
    return result


if __name__ == "__main__":
    serve(CASES, info)
