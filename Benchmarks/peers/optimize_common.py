"""Shared pieces of the optimization peers (scipy_optimize_peer.py, optax_peer.py,
torch_optim_peer.py): the protocol, data reader and timing of numpy_peer.py, plus `details`
(iterations, function evaluations, final objective) that the driver lists under the table.

  lbfgs_rosenbrock_1e4     L-BFGS (memory 10) on the extended Rosenbrock function
                           Σ 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)², n = 10⁴, from (−1.2, 1, …), until ‖g‖∞ ≤ 1e-5
  lbfgs_logistic_1e5x100   L-BFGS on (1/n) Σ softplus(xᵢᵀw) − yᵢxᵢᵀw + (λ/2)‖w‖², λ = 1e-3, from 0, ‖g‖∞ ≤ 1e-5
  adam_step_1e7*           one Adam step (lr 1e-3, β 0.9/0.999, ε 1e-8) on 10⁷ float64 parameters
  saga_logistic_1e4x50     SAGA on the same logistic loss, 10⁴ × 50, λ = 1e-3
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from numpy_peer import Data, case_noop, result_json, serve, timed  # noqa: E402,F401

ROSENBROCK_N = 10_000
GTOL = 1e-5
LOGISTIC_LAMBDA = 1e-3
SAGA_LAMBDA = 1e-3
ADAM_N = 10_000_000


def rosenbrock_start():
    import numpy as np
    x = np.empty(ROSENBROCK_N)
    x[0::2], x[1::2] = -1.2, 1.0
    return x


def timed_run(repeats, warmup, run):
    """Times `run()` (returns (final f, details)) and keeps the details of the last run."""
    last = {}

    def operation():
        f, details = run()
        last["details"] = details
        return f
    timing = timed(repeats, warmup, operation, lambda f: f)
    timing.details = last.get("details", {})
    return timing


def main(cases, info):
    serve(cases, info)

