"""Reference optima for the stochastic finite-sum methods (SGD, SVRG, SAGA, SARAH).

Writes Tests/DescentOptimizeTests/References/stochastic.json:
- ridge least squares  f(w) = (1/n) Σ ½(xᵢᵀw − yᵢ)² + (λ/2)‖w‖²: closed form (XᵀX/n + λI)⁻¹ Xᵀy/n (numpy);
- L2 logistic regression f(w) = (1/n) Σ [log(1 + e^{xᵢᵀw}) − yᵢ xᵢᵀw] + (λ/2)‖w‖², labels 0/1:
  scipy L-BFGS optimum (gtol 1e-12) and scikit-learn's LogisticRegression(solver="saga").
  sklearn minimizes C·Σ loss + ½‖w‖², i.e. n·C·[(1/n) Σ loss + (1/(2nC))‖w‖²], so λ = 1/(n·C).
"""
import json
import os

import numpy as np
import scipy.optimize
import sklearn
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(7)


def vec(a):
    return [float(v) for v in np.asarray(a).ravel()]


# Ridge least squares.
n, d = 200, 5
X = rng.normal(size=(n, d)) * np.array([1.0, 2.0, 0.5, 1.5, 1.0])
w_true = rng.normal(size=d)
y = X @ w_true + 0.1 * rng.normal(size=n)
lam = 0.1
w_ridge = np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n)
f_ridge = 0.5 * np.mean((X @ w_ridge - y) ** 2) + 0.5 * lam * w_ridge @ w_ridge
L_max = max(np.sum(X ** 2, axis=1)) + lam  # largest component smoothness constant

# L2 logistic regression.
m, p = 300, 4
Z = rng.normal(size=(m, p))
w_log_true = np.array([1.5, -2.0, 0.5, 1.0])
labels = (rng.uniform(size=m) < 1 / (1 + np.exp(-(Z @ w_log_true)))).astype(float)
C = 0.1
lam_log = 1.0 / (m * C)


def logistic(w):
    s = Z @ w
    loss = np.mean(np.logaddexp(0, s) - labels * s) + 0.5 * lam_log * w @ w
    grad = Z.T @ (1 / (1 + np.exp(-s)) - labels) / m + lam_log * w
    return loss, grad


res = scipy.optimize.minimize(logistic, np.zeros(p), jac=True, method="L-BFGS-B",
                              options={"gtol": 1e-12, "ftol": 1e-15, "maxiter": 10000})
clf = LogisticRegression(solver="saga", C=C, fit_intercept=False, tol=1e-12, max_iter=100000, random_state=0)
clf.fit(Z, labels)

out = {
    "generator": "Tools/references/stochastic.py",
    "sklearn": sklearn.__version__,
    "ridge": {"x": X.tolist(), "y": vec(y), "lambda": lam, "minimizer": vec(w_ridge), "minimum": float(f_ridge),
              "maxComponentSmoothness": float(L_max)},
    "logistic": {"x": Z.tolist(), "y": vec(labels), "lambda": lam_log, "C": C,
                 "minimizer": vec(res.x), "minimum": float(res.fun), "gradientNorm": float(np.linalg.norm(res.jac)),
                 "sklearnSaga": vec(clf.coef_), "sklearnIterations": int(clf.n_iter_[0])},
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentOptimizeTests", "References", "stochastic.json")
with open(path, "w") as fh:
    json.dump(out, fh)
print(f"wrote {os.path.normpath(path)}; scipy |grad| = {np.linalg.norm(res.jac):.2e}; "
      f"|sklearn - scipy| = {np.max(np.abs(clf.coef_.ravel() - res.x)):.2e}; L_max = {L_max:.2f}")
