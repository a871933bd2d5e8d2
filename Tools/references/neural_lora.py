"""Reference values of low-rank adaptation (LoRA) from Hugging Face peft on a small PyTorch MLP,
in float64.

Writes Tests/DescentNeuralTests/References/neural_lora.json:
- "counts": peft's trainable and total parameter counts (`get_nb_trainable_parameters`, the
  numbers `print_trainable_parameters` prints) for MLPs with every Linear layer adapted
  (target_modules = the Linear layers, bias="none": the base and its biases frozen), for
  r = 1, 2, 4, 8 and two architectures.
- "forward": one adapted MLP 6-8-5-3 (tanh) with r = 2, α = 3 whose adapter weights are set to
  random values (B ≠ 0, so the adapters change the output): the base weights, A and B of each
  layer, a batch, the outputs, the gradients of L = Σ ⟨C, outputs⟩ with respect to each A and B
  (torch.autograd; the base is frozen so it has none), and the merged weights W + (α/r)·B A that
  peft's merge_and_unload writes back.
Weights are drawn by NumPy (not torch's seeded init) so the JSON does not depend on torch's RNG.
"""
import json
import os

import numpy as np
import peft
import torch

from reference_json import json_nested

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261205)


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


def linear_names(model):
    return [name for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)]


def counts(sizes):
    rows = []
    for r in (1, 2, 4, 8):
        model = mlp(sizes)
        config = peft.LoraConfig(r=r, lora_alpha=2 * r, target_modules=linear_names(model), bias="none")
        adapted = peft.get_peft_model(model, config)
        trainable, total = adapted.get_nb_trainable_parameters()
        rows.append({"sizes": sizes, "rank": r, "trainable": trainable, "total": total})
    return rows


def forward_case(sizes, r, alpha, batch):
    model = mlp(sizes)
    with torch.no_grad():
        for module in model:
            if isinstance(module, torch.nn.Linear):
                module.weight.copy_(torch.tensor(rng.normal(scale=0.5, size=module.weight.shape)))
                module.bias.copy_(torch.tensor(rng.normal(scale=0.2, size=module.bias.shape)))
    base = {name: json_nested(p.detach().numpy()) for name, p in model.named_parameters()}
    config = peft.LoraConfig(r=r, lora_alpha=alpha, target_modules=linear_names(model), bias="none")
    adapted = peft.get_peft_model(model, config)
    layers = []
    with torch.no_grad():
        for name, module in adapted.named_modules():
            if isinstance(module, peft.tuners.lora.Linear):
                a = module.lora_A["default"].weight
                b = module.lora_B["default"].weight
                assert torch.count_nonzero(b) == 0, "peft initializes B to zero"
                a.copy_(torch.tensor(rng.normal(scale=0.4, size=a.shape)))
                b.copy_(torch.tensor(rng.normal(scale=0.4, size=b.shape)))
                assert module.scaling["default"] == alpha / r
                layers.append(module)
    x = torch.tensor(rng.normal(size=(batch, sizes[0])))
    out = adapted(x)
    cotangent = torch.tensor(rng.normal(size=out.shape))
    (out * cotangent).sum().backward()
    merged_model = adapted.merge_and_unload()
    merged = [m.weight.detach().numpy() for m in merged_model if isinstance(m, torch.nn.Linear)]
    return {
        "sizes": sizes, "rank": r, "alpha": alpha,
        "layers": [{
            "weight": base[f"{2 * k}.weight"], "bias": base[f"{2 * k}.bias"],
            "a": json_nested(m.lora_A["default"].weight.detach().numpy()),
            "b": json_nested(m.lora_B["default"].weight.detach().numpy()),
            "grad_a": json_nested(m.lora_A["default"].weight.grad.numpy()),
            "grad_b": json_nested(m.lora_B["default"].weight.grad.numpy()),
            "merged_weight": json_nested(merged[k]),
        } for k, m in enumerate(layers)],
        "inputs": json_nested(x.numpy()), "outputs": json_nested(out.detach().numpy()),
        "cotangent": json_nested(cotangent.numpy()),
    }


reference = {
    "generator": "peft " + peft.__version__ + ", torch " + torch.__version__,
    "counts": counts([6, 8, 5, 3]) + counts([64, 256, 256, 10]),
    "forward": forward_case([6, 8, 5, 3], 2, 3.0, 4),
}

path = os.path.join(os.path.dirname(__file__), "../../Tests/DescentNeuralTests/References/neural_lora.json")
with open(path, "w") as out:
    json.dump(reference, out, indent=1)
    out.write("\n")
