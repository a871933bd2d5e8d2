"""Reference values for DescentNeural from PyTorch in float64.

Writes Tests/DescentNeuralTests/References/neural_training.json:
- `training`: two small networks (an 8-16-3 tanh classifier with softmax cross-entropy and a
  5-12-2 tanh regressor with MSE), their initial weights in PyTorch's `state_dict` order and layout
  (a dense weight is [out, in]), a seeded dataset, and the loss of every mini-batch step (batches of
  8 taken in order, no shuffling, 50 steps) for SGD, SGD with momentum, Adam and AdamW, with the
  final weights;
- `initializers`: the fans, bounds and standard deviations PyTorch's `torch.nn.init` uses for
  Xavier/Kaiming uniform and normal on a few shapes;
- `layer_norm`, `embedding`: forward values and gradients of a weighted sum of the outputs.
"""
import json
import os

import numpy as np
import torch

from reference_json import json_nested

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261204)
OUT = os.path.join(os.path.dirname(__file__), "../../Tests/DescentNeuralTests/References/neural_training.json")

STEPS = 50
BATCH = 8


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


OPTIMIZERS = {
    "sgd": (lambda p: torch.optim.SGD(p, lr=0.1), {"learning_rate": 0.1}),
    "momentum": (lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9), {"learning_rate": 0.05, "momentum": 0.9}),
    "adam": (lambda p: torch.optim.Adam(p, lr=0.01), {"learning_rate": 0.01}),
    "adamw": (lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.05), {"learning_rate": 0.01, "weight_decay": 0.05}),
}


def training_case(name, sizes, loss_name, n):
    x = rng.normal(size=(n, sizes[0]))
    if loss_name == "softmax_cross_entropy":
        y = rng.integers(0, sizes[-1], size=n).astype(float)
        loss_fn = torch.nn.CrossEntropyLoss()
        target = torch.tensor(y, dtype=torch.long)
    else:
        y = np.tanh(x[:, : sizes[-1]] * 0.7) + 0.1 * rng.normal(size=(n, sizes[-1]))
        loss_fn = torch.nn.MSELoss()
        target = torch.tensor(y)
    torch.manual_seed(int(rng.integers(0, 2**31)))
    base = mlp(sizes)
    # Non-zero biases, so that their handling is checked too (Descent starts them at zero).
    with torch.no_grad():
        for module in base:
            if isinstance(module, torch.nn.Linear):
                module.bias.copy_(torch.tensor(rng.normal(scale=0.1, size=module.bias.shape)))
    initial = [p.detach().clone() for p in base.parameters()]
    runs = {}
    for opt_name, (make, config) in OPTIMIZERS.items():
        net = mlp(sizes)
        with torch.no_grad():
            for p, q in zip(net.parameters(), initial):
                p.copy_(q)
        opt = make(net.parameters())
        losses = []
        xt = torch.tensor(x)
        for step in range(STEPS):
            start = (step * BATCH) % n
            xb, yb = xt[start:start + BATCH], target[start:start + BATCH]
            opt.zero_grad()
            loss = loss_fn(net(xb), yb)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        runs[opt_name] = dict(config, losses=json_nested(np.array(losses)),
                              final=[json_nested(p.detach().numpy().ravel()) for p in net.parameters()])
    return name, {
        "sizes": sizes, "loss": loss_name, "batch_size": BATCH, "steps": STEPS,
        "x": json_nested(x), "y": json_nested(y),
        "initial": [json_nested(p.numpy().ravel()) for p in initial],
        "runs": runs,
    }


def initializers():
    cases = []
    for shape in [(16, 8), (64, 256), (3, 40)]:
        t = torch.empty(shape)
        fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(t)
        gain_relu = torch.nn.init.calculate_gain("relu")
        cases.append({
            "shape": list(shape), "fan_in": fan_in, "fan_out": fan_out,
            "glorot_uniform_bound": float(np.sqrt(6.0 / (fan_in + fan_out))),
            "glorot_normal_std": float(np.sqrt(2.0 / (fan_in + fan_out))),
            "he_uniform_bound": float(gain_relu * np.sqrt(3.0 / fan_in)),
            "he_normal_std": float(gain_relu / np.sqrt(fan_in)),
        })
    return cases


def layer_norm():
    x = torch.tensor(rng.normal(size=(4, 6)) * 3 + 1, requires_grad=True)
    ln = torch.nn.LayerNorm(6, eps=1e-5)
    with torch.no_grad():
        ln.weight.copy_(torch.tensor(rng.normal(size=6)))
        ln.bias.copy_(torch.tensor(rng.normal(size=6)))
    w = torch.tensor(rng.normal(size=(4, 6)))
    out = ln(x)
    (out * w).sum().backward()
    return {
        "x": json_nested(x.detach().numpy()), "gain": json_nested(ln.weight.detach().numpy()),
        "bias": json_nested(ln.bias.detach().numpy()), "weights": json_nested(w.numpy()), "epsilon": 1e-5,
        "output": json_nested(out.detach().numpy()), "grad_x": json_nested(x.grad.numpy()),
        "grad_gain": json_nested(ln.weight.grad.numpy()), "grad_bias": json_nested(ln.bias.grad.numpy()),
    }


def embedding():
    table = torch.tensor(rng.normal(size=(7, 3)), requires_grad=True)
    idx = torch.tensor([[0, 3], [6, 3], [2, 2], [5, 1]])
    out = torch.nn.functional.embedding(idx, table).reshape(4, 6)
    w = torch.tensor(rng.normal(size=(4, 6)))
    (out * w).sum().backward()
    return {
        "table": json_nested(table.detach().numpy()), "indices": json_nested(idx.numpy().astype(float)),
        "weights": json_nested(w.numpy()), "output": json_nested(out.detach().numpy()),
        "grad_table": json_nested(table.grad.numpy()),
    }


training = dict([
    training_case("classifier", [8, 16, 3], "softmax_cross_entropy", 40),
    training_case("regressor", [5, 12, 2], "mean_squared_error", 40),
])
data = {"training": training, "initializers": initializers(), "layer_norm": layer_norm(), "embedding": embedding()}
with open(OUT, "w") as f:
    json.dump(data, f, indent=1)
    f.write("\n")
print("wrote", os.path.relpath(OUT))
