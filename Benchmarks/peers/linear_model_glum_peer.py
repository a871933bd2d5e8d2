"""glum side of the lasso-path benchmarks (see linear_model_common.py):
`GeneralizedLinearRegressor(family="normal", l1_ratio=1, alpha_search=True, alphas=grid)` (IRLS with
coordinate descent, warm starts along the grid). glum stops on the gradient (`gradient_tol`), not
on the gap; the gap each α reached is reported under the table."""
import glum
import numpy as np
from glum import GeneralizedLinearRegressor

from linear_model_common import PATH_TOL, alpha_grid, serve_path_peer


def run(x, y):
    alphas = alpha_grid(x, y)
    model = GeneralizedLinearRegressor(family="normal", l1_ratio=1.0, alpha_search=True, alphas=alphas,
                                       fit_intercept=False, gradient_tol=PATH_TOL, max_iter=1000)
    model.fit(x, y)
    return alphas, np.asarray(model.coef_path_).T, None


if __name__ == "__main__":
    serve_path_peer(run, "glum", glum.__version__)
