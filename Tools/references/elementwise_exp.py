"""Reference values for the element-wise exp kernel: correctly rounded exp(x) from mpmath.

Writes Tests/DescentCoreTests/References/elementwise_exp.json with inputs `x` and `exp_x`, where
exp_x[i] is exp(x[i]) evaluated with 200 bits of precision and rounded once to the nearest double
(so it is the correctly rounded result, the ideal a ≤ 1 ulp implementation may differ from by
at most one unit in the last place). The tests read the exact bit patterns (`*_bits`); the
decimal lists are there for people. Inputs cover the whole finite range of exp: ordinary
values, tiny arguments, the overflow threshold, and the gradual-underflow range whose results
are subnormal. Deterministic (fixed seed).
"""
import json
import os

import mpmath
import numpy as np
from reference_json import bit_pattern, json_number  # noqa: E402

mpmath.mp.prec = 200
rng = np.random.default_rng(20261122)

OVERFLOW = 709.782712893384  # largest x with finite exp(x) is just below this
x = np.concatenate([
    rng.uniform(-745.2, 709.8, 1500),               # the whole range, incl. both ends
    rng.uniform(-1.0, 1.0, 500),                    # the polynomial's core interval
    rng.uniform(-40.0, 40.0, 500),                  # typical activations / softmax logits
    np.sign(rng.uniform(-1, 1, 100)) * 10.0 ** rng.uniform(-300, -5, 100),  # tiny arguments
    OVERFLOW - 10.0 ** rng.uniform(-12, 0, 100),    # just below overflow
    rng.uniform(-745.13, -708.4, 200),              # subnormal results
    np.array([np.log(2.0) * k for k in range(-1074, 1024, 37)]),  # near multiples of ln 2
    np.arange(-20.0, 21.0),
])


def correctly_rounded_exp(v):
    return float(mpmath.exp(mpmath.mpf(float(v))))


encode = json_number


bits = bit_pattern


out = {
    "x": [encode(v) for v in x],
    "exp_x": [encode(correctly_rounded_exp(v)) for v in x],
    "x_bits": [bits(v) for v in x],
    "exp_x_bits": [bits(correctly_rounded_exp(v)) for v in x],
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References", "elementwise_exp.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {len(x)} cases to {os.path.normpath(path)}")
