"""Reference values for the element-wise tanh kernel: correctly rounded tanh(x) from mpmath.

Writes Tests/DescentCoreTests/References/elementwise_tanh.json with the inputs and tanh of each
evaluated with 200 bits of precision and rounded once to the nearest double (the correctly
rounded result). The tests read the exact bit patterns (`x_bits`, `tanh_x_bits`, which also keep
the sign of −0 and NaN); the decimal lists are there for people. Named points: ±0, subnormals,
tiny arguments, both sides of the kernel's branch point 0.625, 1, 5, the cap at 20 and around it,
710 (where e^{2x} overflows), ±∞ and NaN; then seeded random points over [−25, 25], the rational
branch [−0.625, 0.625], the exp branch near its start (0.625–3, where the subtraction 1 − 2/(e^t+1)
loses the most) and tiny magnitudes. Deterministic (fixed seed).
"""
import json
import math
import os

import mpmath
import numpy as np
from reference_json import bit_pattern, json_number  # noqa: E402

mpmath.mp.prec = 200
rng = np.random.default_rng(20261123)

BRANCH = 0.625  # the kernel switches from the rational function to the exp identity here
named = [
    0.0, -0.0, 5e-324, -5e-324, 1e-310, -2.2250738585072014e-308, 2.2250738585072014e-308,
    1e-300, -1e-300, 1e-8, -1e-8,
    math.nextafter(BRANCH, 0), BRANCH, math.nextafter(BRANCH, 1),
    BRANCH - 1e-3, BRANCH + 1e-3, BRANCH - 1e-9, BRANCH + 1e-9,
    1.0, 5.0, 19.9, 20.0, 20.1, math.nextafter(20.0, 0), 710.0, 1e300,
    math.inf, math.nan,
]
named += [-v for v in named if v != 0 and not math.isnan(v)]
x = np.concatenate([
    np.array(named),
    rng.uniform(-25.0, 25.0, 2000),
    rng.uniform(-BRANCH, BRANCH, 1000),
    np.sign(rng.uniform(-1, 1, 1000)) * rng.uniform(BRANCH, 3.0, 1000),
    np.sign(rng.uniform(-1, 1, 200)) * 10.0 ** rng.uniform(-300, -1, 200),
])


def correctly_rounded_tanh(v):
    v = float(v)
    if math.isnan(v):
        return math.nan
    if math.isinf(v):
        return math.copysign(1.0, v)
    if v == 0:
        return v  # keeps the sign of −0
    return float(mpmath.tanh(mpmath.mpf(v)))


y = [correctly_rounded_tanh(v) for v in x]
out = {
    "x": [json_number(v) for v in x],
    "tanh_x": [json_number(v) for v in y],
    "x_bits": [bit_pattern(v) for v in x],
    "tanh_x_bits": [bit_pattern(v) for v in y],
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References", "elementwise_tanh.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {len(x)} cases to {os.path.normpath(path)}")
