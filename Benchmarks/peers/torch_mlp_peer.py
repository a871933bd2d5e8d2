"""PyTorch side of the MLP-epoch benchmark (see neural_cases.py): one epoch of a 64-256-256-10
ReLU network on the 1797 digits (features / 16) in float64 on the CPU, batches of 128 in order,
CrossEntropyLoss, Adam(lr=1e-3), from the deterministic weights of
Sources/DescentBenchmarks/NeuralCases.swift (biases zero). The check is the epoch's mean batch loss.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from numpy_peer import case_noop, serve, timed  # noqa: E402

SIZES = [64, 256, 256, 10]


def weights():
    out = []
    for layer in range(3):
        fan_in, fan_out = SIZES[layer], SIZES[layer + 1]
        o, i = np.meshgrid(np.arange(fan_out), np.arange(fan_in), indexing="ij")
        out.append(0.1 * np.sin(0.37 * o + 0.73 * i + layer) / np.sqrt(fan_in) * np.sqrt(6.0))
    return out


def mlp_epoch(d, r, w):
    from sklearn.datasets import load_digits
    digits = load_digits()
    x = torch.from_numpy(digits.data / 16.0)
    y = torch.from_numpy(digits.target.astype(np.int64))
    initial = [torch.from_numpy(a) for a in weights()]
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch():
        layers = []
        for k in range(3):
            linear = torch.nn.Linear(SIZES[k], SIZES[k + 1], dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(initial[k])
                linear.bias.zero_()
            layers += [linear, torch.nn.ReLU()] if k < 2 else [linear]
        model = torch.nn.Sequential(*layers)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        total = 0.0
        for start in range(0, x.shape[0], 128):
            xb, yb = x[start:start + 128], y[start:start + 128]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        return total / x.shape[0]

    return timed(r, w, epoch, lambda v: v)


CASES = {"noop": case_noop, "mlp_epoch_digits": mlp_epoch}


def info():
    return {"torch": torch.__version__, "threads": torch.get_num_threads()}


if __name__ == "__main__":
    serve(CASES, info)
