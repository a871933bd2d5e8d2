"""Shared pieces of the linear-model peers (linear_model_*_peer.py): the inputs written by
`DescentBenchmarks prepare` under linear_manifest.json, scikit-learn's α grid, the duality gap used
to report how far each side's path was solved, and the check both sides compute.

  lasso_path_dense_1e4x1e3    lasso path, 100 α from α_max = ‖Xᵀy‖∞/n down to 10⁻³·α_max, no
                              intercept, X 10⁴ × 10³ N(0, 1), duality gap ≤ 1e-6·‖y‖² (relative)
  lasso_path_sparse_1e5x1e4   the same on a 10⁵ × 10⁴ CSR matrix with 10⁶ non-zeros (0.1 %)
  ridge_1e5x500               ridge regression, α = 1, with intercept, X 10⁵ × 500
"""
import json
import os
import sys

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(__file__))
from numpy_peer import case_noop, serve, timed  # noqa: E402,F401
from optimize_common import timed_run  # noqa: E402,F401

PATH_TOL = 1e-6
N_ALPHAS, EPS = 100, 1e-3
RIDGE_ALPHA = 1.0


class LinearData:
    """Reads the arrays of linear_manifest.json (the `d` passed to cases is the shared data's reader)."""
    def __init__(self, directory):
        self.directory = directory
        with open(os.path.join(directory, "linear_manifest.json")) as f:
            self.arrays = json.load(f)["arrays"]

    def __call__(self, name):
        entry = self.arrays[name]
        values = np.fromfile(os.path.join(self.directory, entry["file"]), dtype="<" + ("f8" if entry["dtype"] == "float64" else "i8"))
        return values.reshape(entry["shape"])


def dense_problem(d):
    data = LinearData(d.directory)
    return np.asfortranarray(data("lasso_dense_x")), data("lasso_dense_y")


def sparse_problem(d):
    data = LinearData(d.directory)
    indptr, indices, values = data("lasso_sparse_indptr"), data("lasso_sparse_indices"), data("lasso_sparse_values")
    y = data("lasso_sparse_y")
    x = sp.csr_matrix((values, indices.astype(np.int32), indptr.astype(np.int32)), shape=(len(y), 10_000))
    return x, y


def ridge_problem(d):
    data = LinearData(d.directory)
    return data("ridge_x"), data("ridge_y")


def alpha_grid(x, y):
    """scikit-learn's `_alpha_grid` without intercept: geomspace(‖Xᵀy‖∞/n, EPS·that, N_ALPHAS)."""
    top = np.abs(x.T @ y).max() / len(y)
    return np.geomspace(top, top * EPS, N_ALPHAS)


def path_summary(x, y, alphas, coefs, epochs):
    """(check, details) of a path given as coefs of shape (d, len(alphas)): the summed objective
    P(w) = ‖y − Xw‖²/(2n) + α‖w‖₁ divided by P(0), the largest duality gap relative to ‖y‖²
    (scikit-learn's formulation, on the unnormalized objective), epochs and the final support."""
    n = len(y)
    yy = float(y @ y)
    total, worst = 0.0, 0.0
    for k, a in enumerate(alphas):
        w = np.asarray(coefs[:, k]).ravel()
        r = y - x @ w
        rr = float(r @ r)
        total += (rr / (2 * n) + a * np.abs(w).sum()) / (yy / (2 * n))
        l1 = a * n
        dual_norm = np.abs(x.T @ r).max()
        c = min(1.0, l1 / dual_norm) if dual_norm > 0 else 1.0
        gap = 0.5 * rr * (1 + c * c) + l1 * np.abs(w).sum() - c * float(r @ y)
        worst = max(worst, gap / yy)
    details = {"epochs": float(epochs) if epochs is not None else float("nan"), "max_relative_gap": worst,
               "final_nonzeros": float(np.count_nonzero(np.asarray(coefs[:, -1]))), "converged": float(worst <= PATH_TOL)}
    return total, details


def timed_path(repeats, warmup, x, y, run):
    """Times `run()` (returns (alphas, coefs (d, k), epochs or None)); the check and details come
    from the last run, computed outside the timed region."""
    last = {}

    def operation():
        last["path"] = run()
        return 0.0
    timing = timed(repeats, warmup, operation, lambda _: 0.0)
    alphas, coefs, epochs = last["path"]
    timing.check, timing.details = path_summary(x, y, alphas, coefs, epochs)
    return timing


def serve_path_peer(run, library_name, version):
    """Serves the two lasso-path cases for a peer whose `run(x, y)` fits the whole path (returns
    (alphas, coefs (d, k), epochs or None)); the sparse case hands it CSC, the layout every path
    peer's coordinate loop reads by column."""
    from numpy_peer import numpy_info

    def dense(d, r, w):
        x, y = dense_problem(d)
        return timed_path(r, w, x, y, lambda: run(x, y))

    def sparse(d, r, w):
        x, y = sparse_problem(d)
        x = x.tocsc()
        return timed_path(r, w, x, y, lambda: run(x, y))

    def info():
        result = numpy_info()
        result[library_name] = version
        return result
    serve({"noop": case_noop, "lasso_path_dense_1e4x1e3": dense, "lasso_path_sparse_1e5x1e4": sparse}, info)
