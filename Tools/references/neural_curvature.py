"""Reference curvature products of small networks from PyTorch (float64) and curvlinops.

Writes Tests/DescentNeuralTests/References/neural_curvature.json. For two small MLPs with
exported weights (PyTorch's `nn.Linear` layout, weight [out, in] then bias, flattened in
`parameters_to_vector` order, which is `Sequential`'s flat order), over a data set split into two
unequal batches (so the whole-data-set normalization N_b/N of curvlinops is exercised):

- `classifier`: Linear(5, 6) → tanh → Linear(6, 3), `CrossEntropyLoss(reduction="mean")`, 10
  examples with labels 0..2, batches of 6 and 4;
- `regressor`: Linear(4, 5) → tanh → Linear(5, 2), `MSELoss(reduction="mean")`, 9 examples with
  2 targets each, batches of 5 and 4.

For each: the loss and gradient over the whole data set; three seeded directions v and their
products with curvlinops' `HessianLinearOperator`, `GGNLinearOperator` and `EFLinearOperator`
(the empirical Fisher); the dense Hessian and GGN (curvlinops applied to the identity) and their
eigenvalues by `numpy.linalg.eigvalsh` (ascending), traces and diagonals; and, for the first batch
alone, the same products (the batch operators). The exact (type-2) Fisher of these losses equals
the GGN (curvlinops' MC Fisher converges to it: E[g gᵀ] = ∇²ℓ for categorical and unit-variance
Gaussian likelihoods), so the GGN products are its reference too.
Deterministic (fixed seeds).
"""
import json
import os

import numpy as np
import torch
from curvlinops import EFLinearOperator, GGNLinearOperator, HessianLinearOperator
from reference_json import json_nested

torch.set_default_dtype(torch.float64)
torch.manual_seed(20261204)
rng = np.random.default_rng(20261204)


def tensor(a):
    return torch.tensor(np.asarray(a, dtype=np.float64))


def case(name, sizes, loss_func, inputs, targets, batch_sizes):
    model = torch.nn.Sequential(torch.nn.Linear(sizes[0], sizes[1]), torch.nn.Tanh(),
                                torch.nn.Linear(sizes[1], sizes[2]))
    # Weights of order 1 (not PyTorch's small default) so that tanh is curved and H ≠ G.
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(tensor(rng.normal(0.0, 0.8, tuple(p.shape))))
    params = [p for p in model.parameters()]
    theta = torch.nn.utils.parameters_to_vector(params).detach().numpy()
    n_params = theta.size
    bounds = np.cumsum([0] + batch_sizes)
    data = [(inputs[bounds[i]:bounds[i + 1]], targets[bounds[i]:bounds[i + 1]]) for i in range(len(batch_sizes))]

    def operators(batches):
        return {
            "hessian": HessianLinearOperator(model, loss_func, params, batches),
            "ggn": GGNLinearOperator(model, loss_func, params, batches),
            "empirical_fisher": EFLinearOperator(model, loss_func, params, batches),
        }

    directions = rng.normal(size=(3, n_params))
    out = {
        "name": name,
        "sizes": sizes,
        "parameters": json_nested(theta),
        "inputs": json_nested(inputs.numpy()),
        "targets": json_nested(targets.numpy()),
        "batch_sizes": batch_sizes,
        "directions": json_nested(directions),
    }
    # Loss and gradient of the whole data set: (1/N) Σ_b N_b · loss_b (mean reduction per batch).
    model.zero_grad()
    total = sum(loss_func(model(x), y) * (x.shape[0] / inputs.shape[0]) for x, y in data)
    total.backward()
    out["loss"] = float(total.detach())
    out["gradient"] = json_nested(torch.cat([p.grad.reshape(-1) for p in params]).numpy())

    whole = operators(data)
    first = operators(data[:1])
    identity = torch.eye(n_params)
    for key, op in whole.items():
        products = np.stack([(op @ tensor(v)).detach().numpy() for v in directions])
        out[key + "_products"] = json_nested(products)
        out[key + "_first_batch_products"] = json_nested(
            np.stack([(first[key] @ tensor(v)).detach().numpy() for v in directions]))
        dense = (op @ identity).detach().numpy()
        dense = 0.5 * (dense + dense.T)
        if key in ("hessian", "ggn"):
            out[key + "_eigenvalues"] = json_nested(np.linalg.eigvalsh(dense))
            out[key + "_trace"] = float(np.trace(dense))
            out[key + "_diagonal"] = json_nested(np.diag(dense))
            out[key + "_frobenius_squared"] = float(np.sum(dense * dense))
            out[key + "_trace_of_square"] = float(np.trace(dense @ dense))
    return out


# Classifier: 10 examples, 5 features, 3 classes.
x_cls = tensor(rng.normal(size=(10, 5)))
y_cls = torch.tensor(np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 1]), dtype=torch.long)
classifier = case("classifier", [5, 6, 3], torch.nn.CrossEntropyLoss(reduction="mean"), x_cls, y_cls, [6, 4])

# Regressor: 9 examples, 4 features, 2 targets.
x_reg = tensor(rng.normal(size=(9, 4)))
y_reg = tensor(rng.normal(size=(9, 2)))
regressor = case("regressor", [4, 5, 2], torch.nn.MSELoss(reduction="mean"), x_reg, y_reg, [5, 4])

path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentNeuralTests", "References",
                    "neural_curvature.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump({"generator": "Tools/references/neural_curvature.py",
               "torch": torch.__version__,
               "cases": [classifier, regressor]}, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
