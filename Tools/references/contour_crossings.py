"""Reference contour crossings for DescentPlot's marching squares, from SciPy's brentq.

Writes Tests/DescentPlotTests/References/contour_crossings.json. For each case (a function, a grid,
levels), every grid edge whose end values lie on different sides of a level (classified as
value >= level, as marching squares does) holds one crossing of the *true* contour; brentq finds it
on the function itself, not on the linear interpolant, to about 1e-15. Each crossing is stored as
[x, y, cells], cells = how many grid cells share the edge (1 on the border, 2 inside): marching squares
emits the edge's crossing once per such cell, which makes the count of segment endpoints exact. The Swift test checks that the
crossings marching squares produces lie within the interpolation error of these points.
Deterministic: fixed grids, no randomness.
"""
import json
import os

import numpy as np
from scipy.optimize import brentq

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentPlotTests", "References",
                   "contour_crossings.json")

FUNCTIONS = {
    "circle": lambda x, y: x * x + y * y,
    "saddle": lambda x, y: x * x - y * y,
    "rosenbrock": lambda x, y: 100.0 * (y - x * x) * (y - x * x) + (1.0 - x) * (1.0 - x),  # same rounding as the Swift test
    "waves": lambda x, y: np.sin(x) * np.cos(y),
}

CASES = [
    ("circle", (-1.5, 1.5), (-1.5, 1.5), 31, [0.25, 1.0, 2.0]),
    ("saddle", (-1.0, 1.0), (-1.0, 1.0), 20, [-0.5, 0.3]),
    ("rosenbrock", (-2.0, 2.0), (-1.0, 3.0), 41, [1.0, 10.0, 100.0]),
    ("waves", (-3.0, 3.0), (-3.0, 3.0), 25, [-0.5, 0.0, 0.5]),
]


def samples(lo, hi, n):
    # Same construction as ContourPlot.samples: lo + k (hi - lo)/(n - 1), last point exactly hi.
    s = [lo + k * (hi - lo) / (n - 1) for k in range(n)]
    s[-1] = hi
    return s


def root_on_edge(g, lo, hi):
    """The root of g on [lo, hi], given that g(lo) and g(hi) lie on different sides of 0 (>= 0 vs < 0)."""
    a, b = g(lo), g(hi)
    if a == 0 or b == 0:
        return lo if a == 0 else hi
    return brentq(g, lo, hi, xtol=1e-15, rtol=1e-15)


def crossings(f, xs, ys, level):
    out = []
    edges = [(i, j, True) for i in range(len(ys)) for j in range(len(xs) - 1)]  # horizontal
    edges += [(i, j, False) for j in range(len(xs)) for i in range(len(ys) - 1)]  # vertical
    for i, j, horizontal in edges:
        if horizontal:
            g, lo, hi = (lambda t, y=ys[i]: f(t, y) - level), xs[j], xs[j + 1]
        else:
            g, lo, hi = (lambda t, x=xs[j]: f(x, t) - level), ys[i], ys[i + 1]
        if (g(lo) >= 0) != (g(hi) >= 0):
            t = root_on_edge(g, lo, hi)
            on_border = i in (0, len(ys) - 1) if horizontal else j in (0, len(xs) - 1)
            out.append([t, ys[i], 1 if on_border else 2] if horizontal else [xs[j], t, 1 if on_border else 2])
    return out


def main():
    cases = []
    for name, xr, yr, n, levels in CASES:
        f = FUNCTIONS[name]
        xs, ys = samples(*xr, n), samples(*yr, n)
        cases.append({
            "function": name,
            "x_range": list(xr),
            "y_range": list(yr),
            "resolution": n,
            "levels": [
                {"level": float(level), "crossings": crossings(f, xs, ys, level)} for level in levels
            ],
        })
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        json.dump({"cases": cases}, fh, indent=1)


if __name__ == "__main__":
    main()
