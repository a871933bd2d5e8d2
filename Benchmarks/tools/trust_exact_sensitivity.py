"""Which local minimum the exact trust region reaches on a multimodal problem, Descent against SciPy.

The trigonometric function at n = 1000 (Moré–Garbow–Hillstrom 26, the large profile set) has many
local minima with f between 1e-11 and 2e-7 near the standard start. Whether a method counts as having
solved it in the performance profiles depends on which one it reaches. This script runs the exact
trust region on both sides over one grid of settings: the first radius Δ₀ and the tolerances of the
Moré–Sorensen subproblem (σ_easy, σ_hard, SciPy's k_easy and k_hard). For SciPy it adds one more
column: its default tolerances, but with the hard-case direction found by three steps of inverse
iteration from a pseudo-random vector (as Descent finds it) instead of LINPACK's condition estimate.

    python Benchmarks/tools/trust_exact_sensitivity.py --ours .build/release/DescentBenchmarks \\
        [--problem trigonometric-n1000] [--out Benchmarks/results/trust-exact-sensitivity.md]

Run it with a Python that has numpy, scipy and jax (Benchmarks/requirements.txt). SciPy's
tolerances and hard-case direction are set through its private module
scipy.optimize._trustregion_exact (IterativeSubproblem's k_easy and k_hard, and the function
estimate_smallest_singular_value), checked against SciPy 1.17.
"""
import argparse
import contextlib
import functools
import json
import os
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "peers"))

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.optimize._trustregion_exact as exact  # noqa: E402
from scipy.optimize._trustregion import _minimize_trust_region  # noqa: E402
from scipy.linalg import solve_triangular  # noqa: E402

import scipy_profile_peer as peer  # noqa: E402  (the problems' JAX definitions and counted derivatives)

GTOL, MAXITER = peer.GTOL, peer.MAXITER


@contextlib.contextmanager
def hard_case_by_inverse_iteration(seed=0):
    """SciPy's hard-case direction replaced by three steps of inverse iteration with the factor U
    (U = Cholesky factor of H + λI) from a fixed pseudo-random unit vector, as Descent computes it."""
    start = np.random.default_rng(seed).uniform(-1, 1, 10**6)

    def estimate(u):
        n = u.shape[0]
        z = start[:n] / np.linalg.norm(start[:n])
        for _ in range(3):
            y = solve_triangular(u, solve_triangular(u, z, trans="T"))
            z = y / np.linalg.norm(y)
        return np.linalg.norm(u @ z), z  # (s_min, z_min): ‖Uz‖ for the unit z, SciPy's order

    original = exact.estimate_smallest_singular_value
    exact.estimate_smallest_singular_value = estimate
    try:
        yield
    finally:
        exact.estimate_smallest_singular_value = original


def scipy_run(counted, x0, radius, k_easy, k_hard):
    """SciPy's trust-exact with the given Δ₀ and subproblem tolerances; (f, function evaluations, message)."""
    subproblem = functools.partial(exact.IterativeSubproblem, k_easy=k_easy, k_hard=k_hard)
    counted.reset()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        # minimize(method="trust-exact") is _minimize_trust_region with IterativeSubproblem; calling it
        # directly is the only way to pass the subproblem's tolerances.
        result = _minimize_trust_region(
            lambda x: counted.value_and_gradient(x)[0], x0, jac=lambda x: counted.value_and_gradient(x)[1],
            hess=counted.hessian, subproblem=subproblem, initial_trust_radius=radius, gtol=GTOL, maxiter=MAXITER)
    return float(result.fun), int(result.nfev), str(result.message)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ours", required=True, help="the DescentBenchmarks executable")
    parser.add_argument("--problem", default="trigonometric-n1000", help="a problem of the large set at n = 1000")
    parser.add_argument("--out", default=os.path.join(HERE, "..", "results", "trust-exact-sensitivity.md"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "ours.json")
        subprocess.run([args.ours, "profiles", "sensitivity", "large", "1000", args.problem, path], check=True)
        with open(path) as handle:
            ours = json.load(handle)
    name = ours["problem"]
    f = peer.objective_for(name)
    x0 = np.asarray(ours["start"], dtype=float)
    counted = peer.Counted(f, x0)
    if abs(counted.f0 - ours["f_start"]) > 1e-7 * abs(ours["f_start"]):
        raise SystemExit(f"f(x0) differs: ours {ours['f_start']}, JAX {counted.f0}")

    # SciPy's runs by (Δ₀, k_easy, k_hard, direction): Descent's automatic Δ₀ and Δ₀ = 1 are one SciPy run.
    runs = {}

    def scipy_cached(radius, k_easy, k_hard, inverse_iteration=False):
        key = (radius, k_easy, k_hard, inverse_iteration)
        if key not in runs:
            with hard_case_by_inverse_iteration() if inverse_iteration else contextlib.nullcontext():
                runs[key] = scipy_run(counted, x0, radius, k_easy, k_hard)
        return runs[key]

    rows = []
    for run in ours["runs"]:
        radius = run["initial_radius"]
        scipy_radius = 1.0 if radius == "automatic" else radius
        sf, sn, _ = scipy_cached(scipy_radius, run["boundary_tolerance"], run["hard_case_tolerance"])
        inverse = ""
        if run["boundary_tolerance"] == 0.1:
            vf, vn, _ = scipy_cached(scipy_radius, 0.1, 0.2, inverse_iteration=True)
            inverse = f"{vf:.3e} ({vn})"
        rows.append((run, scipy_radius, sf, sn, inverse))

    f_low = min(min(r[0]["f"] for r in rows), min(r[2] for r in rows))
    lines = [f"# The exact trust region on {name}: which local minimum each setting reaches", "",
             f"SciPy {scipy.__version__}. Both sides stop on ‖∇f‖₂ ≤ {GTOL:g} (at most {MAXITER} iterations); "
             "each cell is the final f and, in brackets, the function evaluations. Δ₀ \"automatic\" is Descent's "
             "default first radius; SciPy's default is 1. The last column is SciPy with its default tolerances "
             "but the hard-case direction from inverse iteration (as Descent's) instead of LINPACK's estimate.",
             f"Made by `python Benchmarks/tools/trust_exact_sensitivity.py --ours .build/release/DescentBenchmarks "
             f"--problem {args.problem}`.", "",
             "| σ_easy, σ_hard | Δ₀ (Descent / SciPy) | Descent | SciPy trust-exact | SciPy, inverse-iteration direction |",
             "|---|---|---:|---:|---:|"]
    for run, scipy_radius, sf, sn, inverse in rows:
        lines.append(f"| {run['boundary_tolerance']:g}, {run['hard_case_tolerance']:g} | {run['initial_radius']} / {scipy_radius:g} "
                     f"| {run['f']:.3e} ({run['function_evaluations']}) | {sf:.3e} ({sn}) | {inverse} |")
    lines += ["", f"Lowest f in the table: {f_low:.3e}."]
    text = "\n".join(lines) + "\n"
    with open(args.out, "w") as handle:
        handle.write(text)
    print(text)


if __name__ == "__main__":
    main()
