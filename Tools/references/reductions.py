"""Exact references for the reductions: sums, means, variances, the 1- and 2-norms, sums along
an axis and the matrix 1-, ∞- and Frobenius norms, from rational arithmetic.

Writes Tests/DescentCoreTests/References/reductions.json. Every input double is exact as a
`fractions.Fraction`, so Σxᵢ, Σ|xᵢ|, Σxᵢ², the mean and the variance are computed exactly and
rounded once to the nearest double (`float(Fraction)` rounds correctly); the 2-norm is the square
root of the exact Σxᵢ² taken with mpmath at 300 bits, then rounded. Inputs and results are
stored as IEEE 754 bit patterns (exact whatever the JSON reader).

Data sets (seeded, deterministic): standard normal (4,000), a mean far from the spread
(10⁹ + N(0, 1)), magnitudes 10^U(−300, 300) of both signs, entries near the top of the range
(N(0, 1)·10³⁰⁵, whose squares overflow), near the bottom (N(0, 1)·10⁻³⁰⁵, whose squares
underflow) with some subnormals, a sum that cancels (Σ|xᵢ|/|Σxᵢ| ≈ 10¹⁰), and a 150 × 100
standard normal matrix for the axis sums and matrix norms.
"""
import json
import os
from fractions import Fraction

import mpmath
import numpy as np
from reference_json import bit_pattern  # noqa: E402

mpmath.mp.prec = 300
rng = np.random.default_rng(20261208)


def to_double(q):
    """A Fraction rounded once to the nearest double, ±∞ beyond the range."""
    limit = Fraction(2) ** 1024 - Fraction(2) ** 970  # from here on, rounding to nearest gives ∞
    if abs(q) >= limit:
        return float("inf") if q > 0 else float("-inf")
    return float(q)


def exact_sqrt(q):
    """The correctly rounded √q of a non-negative Fraction (mpmath at 300 bits, one rounding)."""
    if q == 0:
        return 0.0
    return float(mpmath.sqrt(mpmath.mpf(q.numerator) / mpmath.mpf(q.denominator)))


def cancelling(n):
    """Pairs ±v with |v| up to 10¹⁰ plus small N(0, 1) terms, shuffled: Σ|x| / |Σx| ≈ 10¹⁰."""
    big = rng.standard_normal(n // 4) * 10.0 ** rng.uniform(0, 10, n // 4)
    small = rng.standard_normal(n - 2 * len(big))
    x = np.concatenate([big, -big, small])
    rng.shuffle(x)
    return x


def statistics(x):
    q = [Fraction(float(v)) for v in x]
    n = len(q)
    total = sum(q)
    mean = total / n
    squares = sum(v * v for v in q)
    centered = sum((v - mean) ** 2 for v in q)
    return {
        "x": x,
        "sum": to_double(total),
        "mean": to_double(mean),
        "variance": to_double(centered / n),
        "variance_ddof1": to_double(centered / (n - 1)),
        "norm1": to_double(sum(abs(v) for v in q)),
        "squared_norm": to_double(squares),
        "norm2": exact_sqrt(squares),
        # Σ|x| as a Fraction, for the tests' cancellation bound (ε|Σ| + (nε)²Σ|x|).
        "magnitude_sum": to_double(sum(abs(v) for v in q)),
    }


vectors = {
    "normal": rng.standard_normal(4_000),
    "offset": 1e9 + rng.standard_normal(4_000),
    "wide_range": np.sign(rng.uniform(-1, 1, 2_000)) * 10.0 ** rng.uniform(-300, 300, 2_000),
    "huge": rng.standard_normal(2_000) * 1e305,
    "tiny": np.concatenate([rng.standard_normal(1_990) * 1e-305, [5e-324, -1e-320, 2e-310, 0.0, -0.0] * 2]),
    "cancelling": cancelling(4_000),
}
out = {"vectors": {}}
for name, x in vectors.items():
    stats = statistics(x)
    out["vectors"][name] = {k: [bit_pattern(v) for v in stats[k]] if k == "x" else bit_pattern(stats[k])
                            for k in stats}

a = rng.standard_normal((150, 100))
q = [[Fraction(float(v)) for v in row] for row in a]
column_sums = [sum(q[i][j] for i in range(150)) for j in range(100)]
row_sums = [sum(row) for row in q]
out["matrix"] = {
    "shape": [150, 100],
    "a": [bit_pattern(v) for v in a.ravel()],
    "column_sums": [bit_pattern(to_double(v)) for v in column_sums],
    "row_sums": [bit_pattern(to_double(v)) for v in row_sums],
    "norm_one": bit_pattern(max(float(sum(abs(q[i][j]) for i in range(150))) for j in range(100))),
    "norm_infinity": bit_pattern(max(float(sum(abs(v) for v in row)) for row in q)),
    "frobenius": bit_pattern(exact_sqrt(sum(v * v for row in q for v in row))),
    "trace": bit_pattern(float(sum(q[i][i] for i in range(100)))),
}

path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References", "reductions.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {len(vectors)} vectors and a 150 × 100 matrix to {os.path.normpath(path)}")
