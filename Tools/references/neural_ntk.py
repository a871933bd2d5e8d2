"""Reference values for the empirical neural tangent kernel, from PyTorch in float64.

Writes Tests/DescentNeuralTests/References/neural_ntk.json:
- `kernel`: a 2-7-3 tanh network (weights exported in state_dict order), inputs X (5 rows) and X′
  (4 rows); the dense Jacobians J(X), J(X′) of the outputs with respect to all parameters
  (torch.func.jacrev), Θ(X, X) = J(X)J(X)ᵀ, Θ(X, X′) = J(X)J(X′)ᵀ ((n·k) × (m·k), row i·k + a =
  output a of example i), and the eigenvalues of Θ(X, X) (numpy.linalg.eigvalsh, largest first).
- `regression`: a 2-6-2 tanh network, training data (X, Y) and test inputs; the NTK predictor
  f_t(x) = f₀(x) + Θ(x, X) Θ(X, X)⁻¹ (I − E_t)(Y − f₀(X)) with c = 2/(n·k) (PyTorch's mean squared
  error), E_t = expm(−ηcΘt) (scipy.linalg.expm) for gradient flow and (I − ηcΘ)ᵗ
  (numpy.linalg.matrix_power) for t steps of gradient descent, solved with numpy.linalg.solve; and
  its t = ∞ limit, kernel regression f₀(x) + Θ(x, X) Θ(X, X)⁻¹ (Y − f₀(X)).
"""
import json
import os

import numpy as np
import scipy.linalg
import torch
from torch.func import functional_call, jacrev

from reference_json import json_nested

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261206)
OUT = os.path.join(os.path.dirname(__file__), "../../Tests/DescentNeuralTests/References/neural_ntk.json")


def make_net(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    net = torch.nn.Sequential(*layers)
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.tensor(rng.normal(scale=0.7, size=p.shape)))
    return net


def jacobian(net, x):
    params = {k: v.detach() for k, v in net.named_parameters()}
    jac = jacrev(lambda p: functional_call(net, p, (torch.tensor(x),)))(params)
    n, k = x.shape[0], list(net.parameters())[-1].shape[0]
    return np.concatenate([jac[name].reshape(n * k, -1).numpy() for name in params], axis=1)


def weights(net):
    return [json_nested(p.detach().numpy().ravel()) for p in net.parameters()]


kernel_net = make_net([2, 7, 3])
x = rng.normal(size=(5, 2))
x2 = rng.normal(size=(4, 2))
jx, jx2 = jacobian(kernel_net, x), jacobian(kernel_net, x2)
theta = jx @ jx.T
kernel = {
    "sizes": [2, 7, 3], "weights": weights(kernel_net), "x": json_nested(x), "x_other": json_nested(x2),
    "jacobian": json_nested(jx), "kernel": json_nested(theta), "cross_kernel": json_nested(jx @ jx2.T),
    "eigenvalues": json_nested(np.linalg.eigvalsh(theta)[::-1]),
}

reg_net = make_net([2, 6, 2])
xt = rng.normal(size=(6, 2))
yt = np.stack([np.sin(xt[:, 0]), np.cos(xt[:, 1])], axis=1)
xs = rng.normal(size=(4, 2))
with torch.no_grad():
    f0_train = reg_net(torch.tensor(xt)).numpy()
    f0_test = reg_net(torch.tensor(xs)).numpy()
jt, js = jacobian(reg_net, xt), jacobian(reg_net, xs)
k_train, k_test = jt @ jt.T, js @ jt.T
c = 2.0 / yt.size
residual = (yt - f0_train).ravel()
runs = []
for eta, t in [(0.05, 10.0), (0.2, 37.0)]:
    flow = np.eye(len(residual)) - scipy.linalg.expm(-eta * c * k_train * t)
    descent = np.eye(len(residual)) - np.linalg.matrix_power(np.eye(len(residual)) - eta * c * k_train, int(t))
    runs.append({
        "learning_rate": eta, "time": t,
        "gradient_flow": json_nested(f0_test + (k_test @ np.linalg.solve(k_train, flow @ residual)).reshape(f0_test.shape)),
        "gradient_descent": json_nested(f0_test + (k_test @ np.linalg.solve(k_train, descent @ residual)).reshape(f0_test.shape)),
        "gradient_descent_train": json_nested(f0_train + (k_train @ np.linalg.solve(k_train, descent @ residual)).reshape(f0_train.shape)),
    })
regression = {
    "kernel_regression": json_nested(f0_test + (k_test @ np.linalg.solve(k_train, residual)).reshape(f0_test.shape)),
    "sizes": [2, 6, 2], "weights": weights(reg_net), "x": json_nested(xt), "y": json_nested(yt),
    "x_test": json_nested(xs), "runs": runs,
    "condition_number": float(np.linalg.cond(k_train)),
}

with open(OUT, "w") as fh:
    json.dump({"generator": "Tools/references/neural_ntk.py", "kernel": kernel, "regression": regression}, fh, indent=1)
print("wrote", OUT, "cond", regression["condition_number"])
