"""Reference values for the activations and the logistic loss: value, first and second derivative
from mpmath, each rounded once to the nearest double.

Writes Tests/DescentAutodiffTests/References/activation_derivatives.json. For each function f in
sigmoid, softplus, log_sigmoid, silu, tanh, gelu and the per-example logistic loss
softplus(z) − y·z with label y = 0 and y = 1, it holds f(x), f′(x) and f″(x) at the same points,
as IEEE 754 bit patterns (`*_bits`, exact whatever the JSON reader) and as decimals for people.

The formulas are the textbook ones, deliberately not the cancellation-free forms the library
uses (σ′ = σ(1 − σ), tanh′ = 1 − tanh², softplus(z) − z, ½x(1 + erf(x/√2)), …): evaluated with
4,000 bits they are exact to far below a double's rounding for every point here (the smallest
quantities, e^{−1600}, need ≈ 2,300 bits), so they check the library's forms independently.

Points: ±{0, 10⁻³⁰⁰, 10⁻⁸, 0.1, 0.5, 1, 2, 5, 10, 20, 30, 35, 40, 100, 354, 372, 700, 745, 800}
(the issue's list plus the ends of the range of each function's tiny tails) and 200 seeded random
points over [−60, 60]. Deterministic (fixed seed).
"""
import json
import os

import mpmath
import numpy as np
from reference_json import bit_pattern, json_number  # noqa: E402

mpmath.mp.prec = 4000
rng = np.random.default_rng(20261207)

magnitudes = [0.0, 1e-300, 1e-8, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 35.0, 40.0, 100.0,
              354.0, 372.0, 700.0, 745.0, 800.0]
points = [float(v) for m in magnitudes for v in ([m, -m] if m != 0 else [m])]
points += [float(v) for v in rng.uniform(-60.0, 60.0, 200)]


def sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def softplus(x):
    return mpmath.log(1 + mpmath.exp(x))


def normal_cdf(x):
    return mpmath.erfc(-x / mpmath.sqrt(2)) / 2


def normal_pdf(x):
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


# f, f′, f″ written from the definitions.
functions = {
    "sigmoid": (sigmoid,
                lambda x: sigmoid(x) * (1 - sigmoid(x)),
                lambda x: sigmoid(x) * (1 - sigmoid(x)) * (1 - 2 * sigmoid(x))),
    "softplus": (softplus,
                 sigmoid,
                 lambda x: sigmoid(x) * (1 - sigmoid(x))),
    "log_sigmoid": (lambda x: mpmath.log(sigmoid(x)),
                    lambda x: 1 - sigmoid(x),
                    lambda x: -sigmoid(x) * (1 - sigmoid(x))),
    "silu": (lambda x: x * sigmoid(x),
             lambda x: sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x)),
             lambda x: sigmoid(x) * (1 - sigmoid(x)) * (2 + x * (1 - 2 * sigmoid(x)))),
    "tanh": (mpmath.tanh,
             lambda x: 1 - mpmath.tanh(x) ** 2,
             lambda x: -2 * mpmath.tanh(x) * (1 - mpmath.tanh(x) ** 2)),
    "gelu": (lambda x: x * normal_cdf(x),
             lambda x: normal_cdf(x) + x * normal_pdf(x),
             lambda x: (2 - x * x) * normal_pdf(x)),
    "logistic_loss_label0": (softplus,
                             sigmoid,
                             lambda x: sigmoid(x) * (1 - sigmoid(x))),
    "logistic_loss_label1": (lambda x: softplus(x) - x,
                             lambda x: sigmoid(x) - 1,
                             lambda x: sigmoid(x) * (1 - sigmoid(x))),
}

out = {"x": [json_number(v) for v in points], "x_bits": [bit_pattern(v) for v in points]}
for name, derivatives in functions.items():
    for order, f in enumerate(derivatives):
        values = [float(f(mpmath.mpf(v))) for v in points]
        key = f"{name}_d{order}"
        out[key] = [json_number(v) for v in values]
        out[key + "_bits"] = [bit_pattern(v) for v in values]

path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentAutodiffTests", "References",
                    "activation_derivatives.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {len(functions)} functions at {len(points)} points to {os.path.normpath(path)}")
