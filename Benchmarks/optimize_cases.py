"""The optimization rows of the benchmark table (imported by compare.py) and the section under the
table that lists each run's iterations, function evaluations and final objective.

Cases and peers (see peers/optimize_common.py for the problems):
  lbfgs_*   whole L-BFGS runs to ‖g‖∞ ≤ 1e-5: SciPy L-BFGS-B and optax.lbfgs (jit-compiled while_loop)
  adam_*    one Adam step on 10⁷ parameters: optax (jit, donated buffers), torch foreach and fused
  saga_*    SAGA on L2 logistic regression against sklearn's saga solver
"""
SCIPY_OPT, OPTAX, TORCH_OPT = "scipy_optimize_peer.py", "optax_peer.py", "torch_optim_peer.py"
OPTIMIZE_PEER_NAMES = {SCIPY_OPT: "SciPy/sklearn", OPTAX: "optax", TORCH_OPT: "PyTorch optim"}
N7 = 10_000_000
# (case, ours, peer script, peer call, repeats per process, work model) as in compare.CASES.
# The Adam step reads g, m, v, θ and writes m, v, θ: 7 × 8 bytes per parameter.
OPTIMIZE_CASES = [
    ("lbfgs_rosenbrock_1e4", "minimize(f, using: LBFGS())", SCIPY_OPT, "minimize(method=\"L-BFGS-B\", jac=True, gtol=1e-5, maxcor=10)", 5, None),
    ("lbfgs_rosenbrock_1e4", "minimize(f, using: LBFGS())", OPTAX, "optax.lbfgs() in jit(lax.while_loop)", 5, None),
    ("lbfgs_logistic_1e5x100", "minimize(f, using: LBFGS())", SCIPY_OPT, "minimize(method=\"L-BFGS-B\", jac=True, gtol=1e-5, maxcor=10)", 3, None),
    ("lbfgs_logistic_1e5x100", "minimize(f, using: LBFGS())", OPTAX, "optax.lbfgs() in jit(lax.while_loop)", 3, None),
    ("adam_step_1e7", "adam(learningRate:).step(&θ, gradient:, state:&)", OPTAX, "jit(update + apply_updates), donated", 10, ("bytes", 56 * N7)),
    ("adam_step_1e7_foreach", "adam(learningRate:).step(&θ, gradient:, state:&)", TORCH_OPT, "torch.optim.Adam(foreach=True).step()", 10, ("bytes", 56 * N7)),
    ("adam_step_1e7_fused", "adam(learningRate:).step(&θ, gradient:, state:&)", TORCH_OPT, "torch.optim.Adam(fused=True).step()", 10, ("bytes", 56 * N7)),
    ("saga_logistic_1e4x50", "saga(problem, learningRate: 1/(3L))", SCIPY_OPT, "LogisticRegression(solver=\"saga\", C=1/(nλ))", 3, None),
]
# The logistic-regression fits (logistic_cases.py) list their details in the same section.
_CASE_NAMES = {c[0] for c in OPTIMIZE_CASES} | {"logistic_l2_lbfgs_1e5x100", "logistic_l2_newton_1e5x100", "logistic_l1_path_liblinear",
                                                "logistic_l1_path_saga", "logistic_l1_path_celer"}


def _fmt(v):
    if v is None:
        return "—"
    if float(v).is_integer() and abs(v) < 1e9:
        return str(int(v))
    return f"{v:.6g}"


def details_lines(rows):
    """Markdown for the per-run details of the optimization rows (last run of each side)."""
    chosen = [r for r in rows if r["case"] in _CASE_NAMES and (r.get("ours_details") or r.get("peer_details"))]
    if not chosen:
        return []
    keys = ["iterations", "epochs", "function_evaluations", "final_f", "gradient_inf_norm", "objective_gap"]
    lines = ["", "## Optimization runs", "",
             "Last timed run of each side (iterations, function evaluations = value-and-gradient calls, final objective; "
             "SAGA: epochs and the gap to an L-BFGS reference minimum at ‖g‖∞ ≤ 1e-12 computed by the same side).", "",
             "| case | peer | side | " + " | ".join(k.replace("_", " ") for k in keys) + " |",
             "|---|---|---|" + "---:|" * len(keys)]
    for r in chosen:
        for side, label in (("ours", "ours"), ("peer", r["peer_name"])):
            d = r.get(side + "_details") or {}
            if d:
                lines.append(f"| {r['case']} | {r['peer_name']} | {label} | " + " | ".join(_fmt(d.get(k)) for k in keys) + " |")
    return lines
