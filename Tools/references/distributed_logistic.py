"""Reference for DescentDistributed: L2-regularized logistic regression fitted by scikit-learn.

Writes Tests/DescentDistributedTests/References/distributed_logistic.json: breast cancer's first
10 columns (569 rows, standardized here), its 0/1 labels, λ, and scikit-learn's LogisticRegression
coefficients without intercept at C = 1/(λ·n), whose objective C Σ log-loss + ½‖w‖² has the
minimizer of (1/n) Σ log-loss + (λ/2)‖w‖², the distributed objective the check minimizes with the
rows split across ranks. sklearn's answer is refined by Newton steps in NumPy, and the
objective's gradient there is checked to be at round-off.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from reference_json import json_nested

data = load_breast_cancer()
x = StandardScaler().fit_transform(data.data[:, :10])
y = data.target.astype(float)
n = x.shape[0]
lam = 1e-2
model = LogisticRegression(C=1 / (lam * n), fit_intercept=False, tol=1e-12, max_iter=100000).fit(x, y)
w_sklearn = model.coef_.ravel()
# scikit-learn stops with ‖∇‖∞ ≈ 1e-9; three Newton steps in NumPy take it to round-off, so the
# check can compare at 1e-9 instead of the 1e-7 that 1e-9/λ would allow. They must move it very little.
w = w_sklearn.copy()
for _ in range(3):
    p = 1 / (1 + np.exp(-x @ w))
    gradient = x.T @ (p - y) / n + lam * w
    hessian = (x.T * (p * (1 - p))) @ x / n + lam * np.eye(x.shape[1])
    w = w - np.linalg.solve(hessian, gradient)
assert np.max(np.abs(w - w_sklearn)) < 1e-6, np.max(np.abs(w - w_sklearn))
p = 1 / (1 + np.exp(-x @ w))
gradient = x.T @ (p - y) / n + lam * w
assert np.max(np.abs(gradient)) < 1e-14, np.max(np.abs(gradient))

out = os.path.join(os.path.dirname(__file__), "../../Tests/DescentDistributedTests/References/distributed_logistic.json")
with open(out, "w") as f:
    json.dump({"x": json_nested(x), "y": json_nested(y), "lambda": lam, "coef": json_nested(w),
               "gradient_inf_norm": float(np.max(np.abs(gradient)))}, f)
    f.write("\n")
print("wrote", out)
