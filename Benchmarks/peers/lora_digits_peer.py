"""PyTorch + Hugging Face peft side of `DescentBenchmarks lora-digits` (LoRADigitsExperiment.swift):
the same protocol in float64 — digits scaled to [0, 1], 1200 training and 597 test rows (a NumPy
seeded split, so not the same rows as the Swift run), an MLP 64-128-64-10 (relu) pretrained with
Adam 1e-3 for 40 epochs (batch 64), then the mirrored and relabelled tasks adapted by full
fine-tuning (Adam 1e-3, 20 epochs) and by peft LoRA on every Linear layer with r = 1, 2, 4, 8
(α = 2r, Adam 5e-3, 20 epochs). Prints one JSON object with the same fields (test accuracies,
trainable parameter counts from peft, seconds, and full fine-tuning's ΔW spectra).

Usage: python Benchmarks/peers/lora_digits_peer.py [seed]
"""
import copy
import json
import sys
import time

import numpy as np
import peft
import torch
from sklearn.datasets import load_digits

torch.set_default_dtype(torch.float64)
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 2026
rng = np.random.default_rng(seed)
torch.manual_seed(seed)

digits = load_digits()
x = digits.data / 16.0
y = digits.target.astype(np.int64)
mirrored = x.reshape(-1, 8, 8)[:, :, ::-1].reshape(-1, 64).copy()
relabelled = (y + 1) % 10
order = rng.permutation(len(y))
train, test = order[:1200], order[1200:]


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64), torch.nn.ReLU(),
                               torch.nn.Linear(64, 10))


def fit(model, inputs, labels, lr, epochs):
    xs, ys = torch.tensor(inputs[train]), torch.tensor(labels[train])
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)
    generator = torch.Generator().manual_seed(7)
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(len(ys), generator=generator)
        for i in range(0, len(ys), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(xs[idx]), ys[idx]).backward()
            opt.step()
    return time.perf_counter() - start


def accuracy(model, inputs, labels):
    with torch.no_grad():
        return float((model(torch.tensor(inputs[test])).argmax(1).numpy() == labels[test]).mean())


def spectrum(delta):
    s = np.linalg.svd(delta, compute_uv=False)
    energy = np.cumsum(s ** 2) / np.sum(s ** 2)
    return {"singular_values": s[:10].tolist(), "effective_rank_90": int(np.searchsorted(energy, 0.9) + 1),
            "stable_rank": float(np.sum(s ** 2) / s[0] ** 2), "rank_limit": len(s),
            "rank8_truncation_error": float(np.sqrt(np.sum(s[8:] ** 2) / np.sum(s ** 2)))}


base = mlp()
seconds = fit(base, x, y, 1e-3, 40)
report = {"peer": f"torch {torch.__version__}, peft {peft.__version__}", "seed": seed,
          "parameters": sum(p.numel() for p in base.parameters()),
          "pretrained_test_accuracy": accuracy(base, x, y), "pretraining_seconds": seconds}
for name, inputs, labels in (("mirrored", mirrored, y), ("relabelled", x, relabelled)):
    task = {"before_test_accuracy": accuracy(base, inputs, labels)}
    full = copy.deepcopy(base)
    seconds = fit(full, inputs, labels, 1e-3, 20)
    task["full"] = {"test_accuracy": accuracy(full, inputs, labels), "trainable": report["parameters"], "seconds": seconds}
    task["full_delta_w"] = [dict(layer=f"{k}.weight", **spectrum((full[k].weight - base[k].weight).detach().numpy()))
                            for k in (0, 2, 4)]
    task["lora"] = []
    for r in (1, 2, 4, 8):
        config = peft.LoraConfig(r=r, lora_alpha=2 * r, target_modules=["0", "2", "4"], bias="none")
        adapted = peft.get_peft_model(copy.deepcopy(base), config)
        seconds = fit(adapted, inputs, labels, 5e-3, 20)
        trainable, total = adapted.get_nb_trainable_parameters()
        task["lora"].append({"rank": r, "test_accuracy": accuracy(adapted, inputs, labels), "trainable": trainable,
                             "total": total, "seconds": seconds})
    report[name] = task
print(json.dumps(report, sort_keys=True))
