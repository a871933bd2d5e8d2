"""curvlinops + PyTorch (float64, CPU) side of the network-curvature benchmarks (see
neural_curvature_cases.py). The network is an MLP 64-256-256-10 with tanh (85 002 parameters) on
512 examples with 10 classes, softmax cross-entropy (mean); inputs, labels, weights and directions
come from closed-form formulas that the Swift side evaluates identically (`curvature_mlp`), so the
checks compare the same numbers:

  mlp1e5_ggn_vp10       GGNLinearOperator built, then 10 Gauss–Newton-vector products
  mlp1e5_hvp10          HessianLinearOperator built, then 10 Hessian-vector products
  mlp1e5_hessian_top10  the 10 largest Hessian eigenvalues: eigsh(H.to_scipy(), k=10, which="LA",
                        tol=1e-6, v0 fixed) on curvlinops' Hessian operator

Checks: the sum of the products' entries; the sum of the eigenvalues.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from optimize_common import case_noop, main, timed_run  # noqa: E402

SIZES = [64, 256, 256, 10]
EXAMPLES = 512


def curvature_mlp():
    import torch
    torch.set_default_dtype(torch.float64)
    i = np.arange(EXAMPLES)[:, None]
    j = np.arange(SIZES[0])[None, :]
    x = np.sin(0.37 * i + 1.3 * j + 0.1)
    y = np.arange(EXAMPLES) % SIZES[-1]
    model = torch.nn.Sequential(torch.nn.Linear(SIZES[0], SIZES[1]), torch.nn.Tanh(),
                                torch.nn.Linear(SIZES[1], SIZES[2]), torch.nn.Tanh(),
                                torch.nn.Linear(SIZES[2], SIZES[3]))
    params = list(model.parameters())
    n = sum(p.numel() for p in params)
    k = np.arange(n)
    theta = 0.05 * np.sin(0.7 * k + 0.1)
    torch.nn.utils.vector_to_parameters(torch.tensor(theta), params)
    directions = [np.cos(0.3 * k + 0.2 * (d + 1)) for d in range(10)]
    data = [(torch.tensor(x), torch.tensor(y, dtype=torch.long))]
    return model, params, data, directions


def products(kind):
    def run_case(d, r, w):
        import torch
        from curvlinops import GGNLinearOperator, HessianLinearOperator
        model, params, data, directions = curvature_mlp()
        loss = torch.nn.CrossEntropyLoss(reduction="mean")
        vectors = [torch.tensor(v) for v in directions]
        operator = {"ggn": GGNLinearOperator, "hessian": HessianLinearOperator}[kind]

        def run():
            op = operator(model, loss, params, data, progressbar=False, check_deterministic=False)
            total = 0.0
            for v in vectors:
                total += float((op @ v).sum())
            return total, {}
        return timed_run(r, w, run)
    return run_case


def top10(d, r, w):
    import torch
    from curvlinops import HessianLinearOperator
    from scipy.sparse.linalg import eigsh
    model, params, data, _ = curvature_mlp()
    loss = torch.nn.CrossEntropyLoss(reduction="mean")
    n = sum(p.numel() for p in params)
    v0 = np.cos(0.11 * np.arange(n))

    def run():
        op = HessianLinearOperator(model, loss, params, data, progressbar=False, check_deterministic=False).to_scipy()
        values = eigsh(op, k=10, which="LA", tol=1e-6, v0=v0, return_eigenvectors=False)
        return float(values.sum()), {"largest": float(values.max())}
    return timed_run(r, w, run)


CASES = {"noop": case_noop, "mlp1e5_ggn_vp10": products("ggn"), "mlp1e5_hvp10": products("hessian"), "mlp1e5_hessian_top10": top10}


def info():
    import curvlinops  # noqa: F401
    import torch
    return {"torch": torch.__version__, "threads": torch.get_num_threads()}


if __name__ == "__main__":
    main(CASES, info)
