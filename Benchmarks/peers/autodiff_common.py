"""Shared pieces of the autodiff peers (jax_peer.py, torch_peer.py): the same protocol, data
reader and timing as numpy_peer.py, and the definitions of the four functions.

  rosenbrock2_vg     value and gradient of f(x) = (1 − x₀)² + 100(x₁ − x₀²)² at (−1.2, 1), per call
  logistic_vg        value and gradient of mean(softplus(Xw) − y·Xw), X 10⁴ × 100
  tanhnet_hvp        Hessian-vector product of mean((tanh(X W1 + b1) W2 + b2 − y)²) in the
                     flattened parameters θ (W1 100×32, b1 32, W2 32, b2 1: 3265 values), X 10³ × 100
  hessian50          full Hessian of the extended Rosenbrock Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², n = 50
"""
import json
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from numpy_peer import Data, case_noop, result_json, serve, timed  # noqa: E402,F401

# Calls per timed batch for the microsecond-scale Rosenbrock case (times are reported per call).
ROSENBROCK_BATCH = 1000


def per_call(timing, batch):
    return timing.scaled(1 / batch)


def main(cases, info):
    serve(cases, info)

