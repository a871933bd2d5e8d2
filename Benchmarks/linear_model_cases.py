"""The linear-model rows of the benchmark table (imported by compare.py) and the section under the
table that lists each path's epochs, the largest duality gap reached and the final support.

Cases and peers (see peers/linear_model_common.py for the problems):
  lasso_path_*   100-α lasso paths, duality gap ≤ 1e-6·‖y‖²: scikit-learn's lasso_path, celer_path,
                 skglm's Lasso with warm starts and glum's alpha_search (the last two stop on their
                 own optimality measures; their gaps are reported)
  ridge_1e5x500  ridge regression (α = 1, intercept) against scikit-learn's Ridge
"""
import os

SKLEARN_LM, CELER, SKGLM, GLUM = ("linear_model_sklearn_peer.py", "linear_model_celer_peer.py",
                                  "linear_model_skglm_peer.py", "linear_model_glum_peer.py")
LINEAR_PEER_NAMES = {SKLEARN_LM: "scikit-learn", CELER: "celer", SKGLM: "skglm", GLUM: "glum"}
_PATH = "Lasso(tolerance: 1e-6).path(x, y)"
# skglm's and glum's paths take tens of seconds to minutes per run on the dense case (glum over two
# minutes of CPU), so their rows run only with DESCENT_BENCH_SLOW_PEERS=1; the default `make bench`
# keeps scikit-learn's and celer's.
_SLOW_PEERS = os.environ.get("DESCENT_BENCH_SLOW_PEERS") == "1"
# (case, ours, peer script, peer call, repeats per process, work model) as in compare.CASES.
_ALL_CASES = [
    ("lasso_path_dense_1e4x1e3", _PATH, SKLEARN_LM, "lasso_path(X, y, tol=1e-6)", 1, None),
    ("lasso_path_dense_1e4x1e3", _PATH, CELER, "celer_path(X, y, 'lasso', alphas, tol=1e-6, prune=1)", 1, None),
    ("lasso_path_dense_1e4x1e3", _PATH, SKGLM, "Lasso(alpha, tol=1e-6, warm_start=True) per α", 1, None),
    ("lasso_path_dense_1e4x1e3", _PATH, GLUM, "GeneralizedLinearRegressor(alpha_search=True, gradient_tol=1e-6)", 1, None),
    ("lasso_path_sparse_1e5x1e4", _PATH, SKLEARN_LM, "lasso_path(X_csr, y, tol=1e-6)", 1, None),
    ("lasso_path_sparse_1e5x1e4", _PATH, CELER, "celer_path(X_csc, y, 'lasso', alphas, tol=1e-6, prune=1)", 1, None),
    ("lasso_path_sparse_1e5x1e4", _PATH, SKGLM, "Lasso(alpha, tol=1e-6, warm_start=True) per α", 1, None),
    ("lasso_path_sparse_1e5x1e4", _PATH, GLUM, "GeneralizedLinearRegressor(alpha_search=True, gradient_tol=1e-6)", 1, None),
    ("ridge_1e5x500", "Ridge(alpha: 1).fit(x, y)", SKLEARN_LM, "Ridge(alpha=1).fit(X, y)", 3, None),
]
LINEAR_CASES = [c for c in _ALL_CASES if _SLOW_PEERS or c[2] not in (SKGLM, GLUM)]
_CASE_NAMES = {c[0] for c in _ALL_CASES if c[0].startswith("lasso_path")}


def _fmt(v):
    if v is None:
        return "—"
    if float(v).is_integer() and abs(v) < 1e9:
        return str(int(v))
    return f"{v:.3g}"


def linear_details_lines(rows):
    """Markdown for the per-path details of the lasso rows (last run of each side)."""
    chosen = [r for r in rows if r["case"] in _CASE_NAMES and (r.get("ours_details") or r.get("peer_details"))]
    if not chosen:
        return []
    keys = ["epochs", "max_relative_gap", "final_nonzeros", "converged"]
    lines = ["", "## Lasso paths", "",
             "Last timed run of each side: coordinate-descent epochs summed over the path (where the library reports "
             "them), the largest duality gap over the 100 α relative to ‖y‖² (computed the same way for every side; "
             "the target is 1e-6), non-zeros at the smallest α, and whether every α met the gap target.", "",
             "| case | peer | side | " + " | ".join(k.replace("_", " ") for k in keys) + " |",
             "|---|---|---|" + "---:|" * len(keys)]
    for r in chosen:
        for side, label in (("ours", "ours"), ("peer", r["peer_name"])):
            d = r.get(side + "_details") or {}
            if d:
                lines.append(f"| {r['case']} | {r['peer_name']} | {label} | " + " | ".join(_fmt(d.get(k)) for k in keys) + " |")
    return lines


def linear_ratio_goal(case, peer_name):
    """The issue's goals as the largest acceptable ours/peer time, or None for other cases: lasso
    paths ≥ 3× faster than scikit-learn and at least as fast as celer, skglm and glum; ridge ahead
    of scikit-learn."""
    if case.startswith("lasso_path"):
        return 1 / 3 if peer_name == "scikit-learn" else 1.0
    if case.startswith("ridge"):
        return 1.0
    return None
