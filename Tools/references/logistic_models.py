"""References for DescentLearn's classifiers and classification metrics.

Writes Tests/DescentLearnTests/References/logistic_models.json:
- breast cancer (569 × 30, standardized with StandardScaler here) with its 0/1 labels, and
  scikit-learn's LogisticRegression at a tight tolerance for L2 (with and without intercept, with
  sample weights), no penalty on the first 10 columns (where the maximum-likelihood estimate
  exists; on all 30 the classes are separable), and L1 without intercept (liblinear, whose
  objective is then exactly ours: ‖w‖₁ + C Σ log-loss);
- L1 and elastic net with the unpenalized intercept from skglm's ProxNewton (liblinear penalizes
  the intercept and sklearn's saga does not reach 1e-10 in reasonable time); skglm minimizes
  (1/n) Σ log(1 + e^{−ỹᵢzᵢ}) + α(ρ‖w‖₁ + ½(1 − ρ)‖w‖²), the same minimizer as scikit-learn's
  objective with α = 1/(nC). Every reference's optimality violation is checked here;
- wine (178 × 13, 3 classes, standardized) and scikit-learn's multinomial LogisticRegression;
- l1_min_c without intercept, and metrics (accuracy_score, log_loss with its clipping, roc_auc_score
  with tied scores and with weights, confusion_matrix) on small hand-made inputs.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, log_loss, roc_auc_score
from sklearn.preprocessing import StandardScaler
from sklearn.svm import l1_min_c

from reference_json import json_nested

warnings.simplefilter("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentLearnTests", "References", "logistic_models.json")

X, y = load_breast_cancer(return_X_y=True)
X = StandardScaler().fit_transform(X)
y = y.astype(float)
n, d = X.shape
weights = np.random.default_rng(3).uniform(0.5, 2.0, size=n)


def violation(Xs, ys, w, b, C, rho, fit_intercept, s=None):
    """Largest violation of the optimality conditions of the objective divided by C·Σs."""
    s = np.ones(len(ys)) if s is None else s
    omega = s / s.sum()
    alpha = 0.0 if C == np.inf else 1 / (C * s.sum())
    p = 1 / (1 + np.exp(-(Xs @ w + b)))
    g = Xs.T @ (omega * (p - ys)) + alpha * (1 - rho) * w
    l1 = alpha * rho
    v = np.where(w > 0, np.abs(g + l1), np.where(w < 0, np.abs(g - l1), np.maximum(np.abs(g) - l1, 0)))
    worst = v.max()
    if fit_intercept:
        worst = max(worst, abs(np.sum(omega * (p - ys))))
    return float(worst)


cases = []


def add(name, penalty, C, l1_ratio, fit_intercept, w, b, columns=d, s=None, source=""):
    Xs = X[:, :columns]
    v = violation(Xs, y, w, b, C, l1_ratio, fit_intercept, s)
    assert v < 1e-9, (name, v)
    cases.append({"name": name, "penalty": penalty, "C": C if C != np.inf else 0.0, "l1_ratio": l1_ratio,
                  "fit_intercept": fit_intercept, "columns": columns, "weighted": s is not None,
                  "coef": json_nested(w), "intercept": float(b), "violation": v, "source": source})


def sk(C, fit_intercept=True, columns=d, s=None, **kw):
    m = LogisticRegression(C=C, fit_intercept=fit_intercept, solver="newton-cholesky", tol=1e-14, max_iter=1000, **kw)
    m.fit(X[:, :columns], y, sample_weight=s)
    return m.coef_.ravel(), (m.intercept_[0] if fit_intercept else 0.0)


for C in [1.0, 0.05]:
    w, b = sk(C)
    add(f"l2_C{C}", "l2", C, 0.0, True, w, b, source="sklearn newton-cholesky tol 1e-14")
w, b = sk(0.3, s=weights)
add("l2_C0.3_weighted", "l2", 0.3, 0.0, True, w, b, s=weights, source="sklearn newton-cholesky tol 1e-14, sample_weight")
w, b = sk(1.0, fit_intercept=False)
add("l2_C1_no_intercept", "l2", 1.0, 0.0, False, w, b, source="sklearn newton-cholesky tol 1e-14, fit_intercept=False")
w, b = sk(np.inf, columns=10)
add("none_10_columns", "none", np.inf, 0.0, True, w, b, columns=10, source="sklearn newton-cholesky, C=inf (no penalty)")

# L1 without intercept: liblinear solves exactly ‖w‖₁ + C Σ log(1 + exp(−ỹ xᵀw)).
for C in [0.1, 1.0]:
    m = LogisticRegression(C=C, l1_ratio=1.0, solver="liblinear", fit_intercept=False, tol=1e-14, max_iter=100000)
    m.fit(X, y)
    add(f"l1_C{C}_no_intercept", "l1", C, 1.0, False, m.coef_.ravel(), 0.0, source="sklearn liblinear tol 1e-14")

# L1 and elastic net with the unpenalized intercept: skglm ProxNewton.
from skglm import GeneralizedLinearEstimator  # noqa: E402
from skglm.datafits import Logistic  # noqa: E402
from skglm.penalties import L1, L1_plus_L2  # noqa: E402
from skglm.solvers import ProxNewton  # noqa: E402


def skglm_fit(C, rho):
    penalty = L1(alpha=1 / (n * C)) if rho == 1 else L1_plus_L2(alpha=1 / (n * C), l1_ratio=rho)
    est = GeneralizedLinearEstimator(datafit=Logistic(), penalty=penalty,
                                     solver=ProxNewton(tol=1e-14, max_iter=1000, fit_intercept=True))
    est.fit(X, 2 * y - 1)
    return est.coef_.ravel(), float(np.ravel(est.intercept_)[0])


for C in [0.1, 1.0]:
    w, b = skglm_fit(C, 1.0)
    add(f"l1_C{C}", "l1", C, 1.0, True, w, b, source="skglm ProxNewton tol 1e-14")
w, b = skglm_fit(0.5, 0.5)
add("elasticnet_C0.5", "elasticnet", 0.5, 0.5, True, w, b, source="skglm ProxNewton tol 1e-14, L1_plus_L2")

# Multinomial on wine.
Xw, yw = load_wine(return_X_y=True)
Xw = StandardScaler().fit_transform(Xw)
softmax = []
for C, fit_intercept in [(1.0, True), (0.1, True), (1.0, False)]:
    m = LogisticRegression(C=C, fit_intercept=fit_intercept, solver="newton-cg", tol=1e-14, max_iter=10000)
    m.fit(Xw, yw)
    W = m.coef_
    bw = m.intercept_ if fit_intercept else np.zeros(3)
    Z = Xw @ W.T + bw
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    Y = np.eye(3)[yw]
    G = (P - Y).T @ Xw / len(yw) + W / (C * len(yw))
    assert np.abs(G).max() < 1e-9, np.abs(G).max()
    softmax.append({"C": C, "fit_intercept": fit_intercept, "coef": json_nested(W), "intercept": json_nested(bw - bw.mean()),
                    "probabilities_first5": json_nested(m.predict_proba(Xw[:5])), "accuracy": float(m.score(Xw, yw))})

# Metrics.
rng = np.random.default_rng(11)
m_true = (rng.uniform(size=40) < 0.5).astype(float)
scores = np.round(rng.uniform(size=40), 1)          # one decimal: many ties
scores[:3] = [0.0, 1.0, 1.0]                        # exact 0 and 1 exercise log_loss's clipping
m_weights = rng.uniform(0.1, 3.0, size=40)
m_pred = (scores > 0.5).astype(float)
multi_true = np.array([0, 1, 2, 2, 1, 0, 2, 1, 0, 0], dtype=float)
multi_prob = rng.dirichlet(np.ones(3), size=10)
multi_prob[0] = [1.0, 0.0, 0.0]
multi_pred = np.array([0, 2, 2, 1, 1, 0, 2, 0, 0, 1], dtype=float)
metrics = {
    "y": json_nested(m_true), "scores": json_nested(scores), "weights": json_nested(m_weights), "predicted": json_nested(m_pred),
    "accuracy": accuracy_score(m_true, m_pred), "accuracy_weighted": accuracy_score(m_true, m_pred, sample_weight=m_weights),
    "log_loss": log_loss(m_true, scores), "log_loss_weighted": log_loss(m_true, scores, sample_weight=m_weights),
    "roc_auc": roc_auc_score(m_true, scores), "roc_auc_weighted": roc_auc_score(m_true, scores, sample_weight=m_weights),
    "confusion": json_nested(confusion_matrix(m_true, m_pred)),
    "confusion_weighted": json_nested(confusion_matrix(m_true, m_pred, sample_weight=m_weights)),
    "multi_y": json_nested(multi_true), "multi_probabilities": json_nested(multi_prob), "multi_predicted": json_nested(multi_pred),
    "multi_log_loss": log_loss(multi_true, multi_prob), "multi_confusion": json_nested(confusion_matrix(multi_true, multi_pred)),
    "multi_accuracy": accuracy_score(multi_true, multi_pred),
}

out = {
    "generator": "Tools/references/logistic_models.py", "sklearn": sklearn.__version__,
    "x": json_nested(X.ravel()), "x_shape": [n, d], "y": json_nested(y), "weights": json_nested(weights),
    "cases": cases,
    "l1_min_c_no_intercept": l1_min_c(X, y, loss="log", fit_intercept=False),
    "wine_x": json_nested(Xw.ravel()), "wine_x_shape": list(Xw.shape), "wine_y": json_nested(yw.astype(float)),
    "softmax": softmax, "metrics": metrics,
}
with open(OUT, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(OUT), len(cases), "binary cases")
