"""Reference values for sections 2, 5 and 6 of `descent tour` (normal equation, L1 vs L2,
conditioning), from NumPy and scikit-learn on the same data.

Writes Tests/DescentCommandsTests/References/tour_sections.json:
- diabetes standardized as the tour does it (StandardScaler: mean 0, population variance 1; target
  centred): the eigenvalues of ZᵀZ, κ, the least-squares weights and ½‖y − Zw*‖²;
- gradient descent with step 1/λmax(ZᵀZ) from w = 0 run in NumPy until ‖∇f‖∞ ≤ 1e-10·‖Zᵀy‖∞
  (the iterations the tour's run must need);
- for each ridge α: κ_α = (λmax + α)/(λmin + α), scikit-learn's Ridge weights, and the iterations
  that gradient descent with step 1/(λmax + α) needs until ‖w_k − w*‖ ≤ ε‖w*‖ (ε of the full and
  quick runs), with the (1 − 1/κ)ᵏ prediction ⌈ln ε / ln(1 − 1/κ)⌉;
- the lasso at α = α_max/10 (scikit-learn's Lasso, tol 1e-12): α_max, the weights and the zeros;
- the worked example in plain floating point: soft-thresholding 0.5 by 0.1·0.1 until 0, and the
  weight-decay factor 1 − 2·0.1·0.1 applied 50 and 1000 times.
"""
import json
import math
import os

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, Ridge
from sklearn.preprocessing import StandardScaler

from reference_json import json_nested, json_number

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "DescentCommandsTests", "References",
                   "tour_sections.json")


def gd_until_gradient(z, y, tolerance):
    """GD with step 1/λmax on ½‖y − Zw‖² until ‖∇f‖∞ ≤ tolerance·‖Zᵀy‖∞; returns (iterations, w)."""
    lmax = np.linalg.eigvalsh(z.T @ z)[-1]
    w = np.zeros(z.shape[1])
    scale = np.abs(z.T @ y).max()
    k = 0
    while True:
        g = z.T @ (z @ w - y)
        if np.abs(g).max() <= tolerance * scale:
            return k, w
        w = w - g / lmax
        k += 1


def gd_until_close(z, y, alpha, solution, accuracy):
    """GD with step 1/(λmax + α) on ½‖y − Zw‖² + ½α‖w‖² until ‖w − w*‖ ≤ accuracy·‖w*‖."""
    lmax = np.linalg.eigvalsh(z.T @ z)[-1]
    w = np.zeros(z.shape[1])
    target = accuracy * np.linalg.norm(solution)
    k = 0
    while np.linalg.norm(w - solution) > target:
        g = z.T @ (z @ w - y) + alpha * w
        w = w - g / (lmax + alpha)
        k += 1
    return k


def main():
    x, y = load_diabetes(return_X_y=True)
    z = StandardScaler().fit_transform(x)
    yc = y - y.mean()
    n, d = z.shape
    eig = np.linalg.eigvalsh(z.T @ z)
    w_ls = np.linalg.solve(z.T @ z, z.T @ yc)
    r = yc - z @ w_ls
    gd_iterations, gd_w = gd_until_gradient(z, yc, 1e-10)

    ridge = []
    for alpha in [0, 1, 10, 100, 1000]:
        w = np.linalg.solve(z.T @ z, z.T @ yc) if alpha == 0 else Ridge(alpha=alpha, tol=1e-12).fit(z, yc).coef_
        kappa = (eig[-1] + alpha) / (eig[0] + alpha)
        case = {"alpha": alpha, "kappa": json_number(kappa), "coefficients": json_nested(w)}
        for label, eps in [("full", 1e-8), ("quick", 1e-4)]:
            case[f"measured_{label}"] = gd_until_close(z, yc, alpha, w, eps)
            case[f"predicted_{label}"] = math.ceil(math.log(eps) / math.log(1 - 1 / kappa))
        ridge.append(case)

    alpha_max = np.abs(z.T @ yc).max() / n
    lasso = Lasso(alpha=alpha_max / 10, tol=1e-12, max_iter=100000).fit(z, yc)

    w, steps = 0.5, 0
    while w != 0:
        w = w - 0.1 * 0.1 if w > 0.1 * 0.1 else 0.0
        steps += 1
    decay = 0.5
    after = {}
    for k in range(1, 1001):
        decay = decay - 0.1 * (2 * 0.1 * decay)
        if k in (50, 1000):
            after[k] = decay

    reference = {
        "eigenvalues": json_nested(eig),
        "kappa": json_number(eig[-1] / eig[0]),
        "least_squares": json_nested(w_ls),
        "optimum": json_number(0.5 * r @ r),
        "gd_iterations": gd_iterations,
        "gd_weights": json_nested(gd_w),
        "ridge": ridge,
        "lasso_alpha_max": json_number(alpha_max),
        "lasso_coefficients": json_nested(lasso.coef_),
        "lasso_zeros": int((lasso.coef_ == 0).sum()),
        "l1_steps_to_zero": steps,
        "l2_after_50": json_number(after[50]),
        "l2_after_1000": json_number(after[1000]),
    }
    with open(OUT, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
