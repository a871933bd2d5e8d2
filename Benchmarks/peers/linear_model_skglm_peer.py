"""skglm side of the lasso-path benchmarks (see linear_model_common.py): its `Lasso` estimator
(Anderson-accelerated working-set coordinate descent) with warm starts along the α grid. skglm's
`tol` bounds the violation of the optimality conditions, not the gap; the gap each α reached is
reported under the table."""
import skglm
from skglm import Lasso

from linear_model_common import PATH_TOL, alpha_grid, serve_path_peer
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


if __name__ == "__main__":
    serve_path_peer(run, "skglm", skglm.__version__)
