"""Reference fits of scikit-learn's linear models for DescentLearn's linear-model tests.

Writes Tests/DescentLearnTests/References/linear_models.json: the diabetes data (442 × 10, loaded
with scikit-learn, scaled=True) with LinearRegression, Ridge, Lasso and ElasticNet fits (with and
without intercept and sample weights), lasso/elastic-net paths, LassoCV on KFold(5, shuffle=False)
folds, a sparse lasso, regression metrics, a StandardScaler and KFold test folds. Every iterative
fit is given both scikit-learn's default tolerance (iteration counts and gaps compare one to one)
and a tight one (coefficients compare to 1e-6 relative). Deterministic (fixed seeds).
"""
import json
import os

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import ElasticNet, Lasso, LassoCV, LinearRegression, Ridge, enet_path
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

from reference_json import json_nested, json_number

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentLearnTests", "References",
                   "linear_models.json")

TIGHT = 1e-12  # duality-gap tolerance for coefficient comparisons (relative to ‖y_c‖²)


def fit_record(model, X, y, sw=None):
    model.fit(X, y, sample_weight=sw)
    record = {"coef": json_nested(model.coef_), "intercept": json_number(model.intercept_),
              "score": json_number(model.score(X, y, sample_weight=sw))}
    if hasattr(model, "n_iter_") and model.n_iter_ is not None:
        record["n_iter"] = int(model.n_iter_)
    if hasattr(model, "dual_gap_"):
        record["dual_gap"] = json_number(model.dual_gap_)
    return record


def main():
    X, y = load_diabetes(return_X_y=True)
    n, d = X.shape
    rng = np.random.default_rng(20261204)
    sw = rng.uniform(0.5, 2.0, n)
    out = {"sklearn": sklearn.__version__, "x": json_nested(X.ravel()), "x_shape": [n, d], "y": json_nested(y),
           "sample_weight": json_nested(sw), "tight_tol": TIGHT}

    out["ols"] = [dict(fit_intercept=fi, weighted=w, **fit_record(LinearRegression(fit_intercept=fi), X, y, sw if w else None))
                  for fi in (True, False) for w in (False, True)]
    out["ridge"] = [dict(alpha=a, fit_intercept=fi, weighted=w,
                         **fit_record(Ridge(alpha=a, fit_intercept=fi, solver="cholesky"), X, y, sw if w else None))
                    for a in (0.01, 1.0, 10.0) for fi in (True, False) for w in (False, True)]

    cases = []
    for a in (0.01, 0.1, 0.5, 2.0, 100.0):
        for weighted in (False, True):
            s = sw if weighted else None
            default = fit_record(Lasso(alpha=a), X, y, s)  # tol=1e-4, precompute=False (columns)
            tight = fit_record(Lasso(alpha=a, tol=TIGHT, max_iter=100000), X, y, s)
            cases.append({"alpha": a, "l1_ratio": 1.0, "weighted": weighted, "default": default, "tight": tight})
    for a, rho in ((0.01, 0.5), (0.1, 0.2), (0.05, 0.9)):
        for weighted in (False, True):
            s = sw if weighted else None
            default = fit_record(ElasticNet(alpha=a, l1_ratio=rho), X, y, s)
            tight = fit_record(ElasticNet(alpha=a, l1_ratio=rho, tol=TIGHT, max_iter=100000), X, y, s)
            cases.append({"alpha": a, "l1_ratio": rho, "weighted": weighted, "default": default, "tight": tight})
    no_intercept = fit_record(Lasso(alpha=0.1, fit_intercept=False, tol=TIGHT, max_iter=100000), X, y)
    out["elastic_net"] = cases
    out["lasso_no_intercept"] = dict(alpha=0.1, **no_intercept)

    # Paths on centred data (lasso_path and enet_path never fit an intercept themselves).
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    paths = []
    for rho in (1.0, 0.5):
        alphas, coefs, gaps, iters = enet_path(Xc, yc, l1_ratio=rho, alphas=100, eps=1e-3, tol=TIGHT, max_iter=100000,
                                               return_n_iter=True)
        _, _, default_gaps, default_iters = enet_path(Xc, yc, l1_ratio=rho, alphas=100, eps=1e-3, return_n_iter=True)
        paths.append({"l1_ratio": rho, "alphas": json_nested(alphas), "coefs": json_nested(coefs.T.ravel()),
                      "coefs_shape": [len(alphas), d], "n_iter_default": [int(k) for k in default_iters]})
    out["paths"] = paths

    # LassoCV with KFold(5, shuffle=False), tight tolerance so that the fold MSEs compare closely.
    kfold = KFold(5)
    folds = [test.tolist() for _, test in kfold.split(X)]
    cv = LassoCV(cv=kfold, tol=1e-10, max_iter=100000).fit(X, y)
    out["lasso_cv"] = {"folds": folds, "alphas": json_nested(cv.alphas_), "mse_path": json_nested(cv.mse_path_.ravel()),
                       "mse_path_shape": list(cv.mse_path_.shape), "alpha": json_number(cv.alpha_),
                       "coef": json_nested(cv.coef_), "intercept": json_number(cv.intercept_), "tol": 1e-10}
    out["kfold_7_3"] = [test.tolist() for _, test in KFold(3).split(np.zeros((7, 1)))]

    # Sparse lasso and elastic net: 120 × 40 at 10 % density, with intercept (implicit centring) and weights.
    xs = sp.random(120, 40, density=0.1, format="csr", random_state=np.random.RandomState(7))
    ys = xs @ rng.standard_normal(40) + 0.1 * rng.standard_normal(120) + 3.0
    sws = rng.uniform(0.5, 2.0, 120)
    sparse_cases = []
    for a, rho, weighted in ((0.01, 1.0, False), (0.001, 1.0, True), (0.005, 0.5, False)):
        s = sws if weighted else None
        tight = fit_record(ElasticNet(alpha=a, l1_ratio=rho, tol=TIGHT, max_iter=100000), xs, ys, s)
        default = fit_record(ElasticNet(alpha=a, l1_ratio=rho), xs, ys, s)
        sparse_cases.append({"alpha": a, "l1_ratio": rho, "weighted": weighted, "tight": tight, "default": default})
    coo = xs.tocoo()
    out["sparse"] = {"rows": 120, "columns": 40, "row": coo.row.tolist(), "col": coo.col.tolist(),
                     "val": json_nested(coo.data), "y": json_nested(ys), "sample_weight": json_nested(sws),
                     "cases": sparse_cases}

    # Metrics.
    yt, yp, mw = rng.standard_normal(9), rng.standard_normal(9), rng.uniform(0.1, 3, 9)
    out["metrics"] = {"y_true": json_nested(yt), "y_pred": json_nested(yp), "weights": json_nested(mw),
                      "mse": mean_squared_error(yt, yp), "mae": mean_absolute_error(yt, yp), "r2": r2_score(yt, yp),
                      "mse_weighted": mean_squared_error(yt, yp, sample_weight=mw),
                      "mae_weighted": mean_absolute_error(yt, yp, sample_weight=mw),
                      "r2_weighted": r2_score(yt, yp, sample_weight=mw)}

    # StandardScaler on the raw (unscaled) diabetes data.
    raw, _ = load_diabetes(return_X_y=True, scaled=False)
    scaler = StandardScaler().fit(raw[:20])
    out["scaler"] = {"x": json_nested(raw[:20].ravel()), "x_shape": [20, d], "mean": json_nested(scaler.mean_),
                     "scale": json_nested(scaler.scale_), "transformed_row0": json_nested(scaler.transform(raw[:1])[0])}

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
