"""celer side of the lasso-path benchmarks (see linear_model_common.py): `celer_path` (working
sets with dual extrapolation, pruning as celer's Lasso estimator does), stopping when the duality
gap of (1/2n)‖y − Xw‖² + α‖w‖₁ is ≤ tol·‖y‖²/n, the same rule as scikit-learn's and ours."""
import celer
from celer import celer_path

from linear_model_common import PATH_TOL, alpha_grid, case_noop, dense_problem, serve, sparse_problem, timed_path
from numpy_peer import numpy_info


def run(x, y):
    alphas = alpha_grid(x, y)
    _, coefs, _ = celer_path(x, y, "lasso", alphas=alphas, tol=PATH_TOL, prune=1)
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
    result["celer"] = celer.__version__
    return result


if __name__ == "__main__":
    serve(CASES, info)
