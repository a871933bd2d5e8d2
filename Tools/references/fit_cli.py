"""Reference values for `descent fit` on the bundled datasets, from scikit-learn.

Writes Tests/DescentCommandsTests/References/fit_cli.json. Each case names the command line it
checks and holds what scikit-learn computes for the same model on the same data (the bundled
datasets are exactly scikit-learn's): coefficients, intercept, the objective as `descent fit`
reports it, the number of exact zeros, metrics on the training rows, and for paths and
cross-validation the α grid, the coefficient paths, the mean CV errors and the chosen α.
Tight tolerances (tol=1e-10) on both sides make the answers agree to many digits.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.linear_model import ElasticNet, Lasso, LassoCV, LinearRegression, LogisticRegression, Ridge, enet_path
from sklearn.metrics import accuracy_score, log_loss, mean_absolute_error, mean_squared_error, r2_score, roc_auc_score
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

from reference_json import json_number

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "DescentCommandsTests", "References",
                   "fit_cli.json")


def nums(values):
    return [json_number(v) for v in np.ravel(values)]


def regression_case(arguments, model, x, y, objective):
    model.fit(x, y)
    p = model.predict(x)
    w = np.ravel(model.coef_)
    return {"arguments": arguments, "coefficients": nums(w), "intercept": json_number(model.intercept_),
            "objective": json_number(objective(w, model.intercept_)), "zeros": int((w == 0).sum()),
            "r2": json_number(r2_score(y, p)), "mse": json_number(mean_squared_error(y, p)),
            "mae": json_number(mean_absolute_error(y, p))}


def main():
    diabetes = load_diabetes()
    x, y = diabetes.data, diabetes.target
    n = len(y)

    def squares(w, b):
        r = y - x @ w - b
        return float(r @ r)

    cases = {}
    cases["ols"] = regression_case(["dataset:diabetes", "--model", "ols"], LinearRegression(), x, y,
                                   lambda w, b: squares(w, b) / (2 * n))
    cases["ridge"] = regression_case(["dataset:diabetes", "--model", "ridge", "--alpha", "0.5"], Ridge(alpha=0.5), x, y,
                                     lambda w, b: squares(w, b) + 0.5 * float(w @ w))
    cases["lasso"] = regression_case(["dataset:diabetes", "--model", "lasso", "--alpha", "0.1", "--tol", "1e-10"],
                                     Lasso(alpha=0.1, tol=1e-10, max_iter=100000), x, y,
                                     lambda w, b: squares(w, b) / (2 * n) + 0.1 * np.abs(w).sum())
    cases["elasticnet"] = regression_case(
        ["dataset:diabetes", "--model", "elasticnet", "--alpha", "0.01", "--l1-ratio", "0.7", "--tol", "1e-10"],
        ElasticNet(alpha=0.01, l1_ratio=0.7, tol=1e-10, max_iter=100000), x, y,
        lambda w, b: squares(w, b) / (2 * n) + 0.01 * (0.7 * np.abs(w).sum() + 0.15 * float(w @ w)))

    # The path: 8 values of α from α_max to 1e-2·α_max (enet_path centres X and y as Lasso does).
    alphas, coefs, _ = enet_path(x - x.mean(axis=0), y - y.mean(), l1_ratio=0.5, alphas=8, eps=1e-2, tol=1e-10, max_iter=100000)
    cases["path"] = {"arguments": ["dataset:diabetes", "--model", "elasticnet", "--path", "--alphas", "8", "--eps", "1e-2",
                                   "--tol", "1e-10", "--json"],
                     "alphas": nums(alphas), "path": {name: nums(coefs[j]) for j, name in enumerate(diabetes.feature_names)}}

    # Cross-validation: 5 consecutive folds, 20 values of α.
    cv = LassoCV(alphas=20, cv=KFold(5), tol=1e-10, max_iter=100000).fit(x, y)
    cases["cv"] = {"arguments": ["dataset:diabetes", "--model", "lasso", "--cv", "5", "--alphas", "20", "--tol", "1e-10", "--json"],
                   "alphas": nums(cv.alphas_), "cv_scores": nums(cv.mse_path_.mean(axis=1)), "best_alpha": json_number(cv.alpha_),
                   "coefficients": nums(cv.coef_)}

    # Logistic regression on the standardized breast-cancer features.
    cancer = load_breast_cancer()
    xs = StandardScaler().fit_transform(cancer.data)
    yc = cancer.target
    for name, penalty, c, extra in [("logistic_l2", "l2", 1.0, []), ("logistic_l1", "l1", 0.1, ["--penalty", "l1", "--c", "0.1"])]:
        # scikit-learn ≥ 1.8 spells the penalty with l1_ratio (0: L2, 1: L1). saga for L1, because
        # liblinear penalizes the intercept and saga does not, as we do not.
        if penalty == "l2":
            model = LogisticRegression(l1_ratio=0.0, C=c, solver="newton-cholesky", tol=1e-10, max_iter=100000)
        else:
            model = LogisticRegression(l1_ratio=1.0, C=c, solver="saga", tol=1e-12, max_iter=1000000)
        model.fit(xs, yc)
        w, b = model.coef_[0], model.intercept_[0]
        z = xs @ w + b
        loss = float(np.sum(np.logaddexp(0, z) - yc * z))
        penalty_value = 0.5 * float(w @ w) if penalty == "l2" else float(np.abs(w).sum())
        p = model.predict_proba(xs)
        cases[name] = {"arguments": ["dataset:breast_cancer", "--model", "logistic", "--standardize", "--tol", "1e-10"] + extra,
                       "coefficients": nums(w), "intercept": json_number(b), "objective": json_number(c * loss + penalty_value),
                       "zeros": int((np.abs(w) < 1e-9).sum()), "accuracy": json_number(accuracy_score(yc, model.predict(xs))),
                       "log_loss": json_number(log_loss(yc, p)), "roc_auc": json_number(roc_auc_score(yc, p[:, 1]))}

    with open(OUT, "w") as f:
        json.dump({"sklearn_version": sklearn.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
