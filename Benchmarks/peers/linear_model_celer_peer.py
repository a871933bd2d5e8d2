"""celer side of the lasso-path benchmarks (see linear_model_common.py): `celer_path` (working
sets with dual extrapolation, pruning as celer's Lasso estimator does), stopping when the duality
gap of (1/2n)‖y − Xw‖² + α‖w‖₁ is ≤ tol·‖y‖²/n, the same rule as scikit-learn's and ours."""
import celer
from celer import celer_path

from linear_model_common import PATH_TOL, alpha_grid, serve_path_peer


def run(x, y):
    alphas = alpha_grid(x, y)
    _, coefs, _ = celer_path(x, y, "lasso", alphas=alphas, tol=PATH_TOL, prune=1)
    return alphas, coefs, None


if __name__ == "__main__":
    serve_path_peer(run, "celer", celer.__version__)
