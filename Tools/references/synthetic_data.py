"""Reference values for DescentLearn's SyntheticData (Tests/DescentLearnTests/Data/SyntheticDataTests.swift).

scikit-learn's make_moons and make_circles without noise and without shuffling: the exact curves,
which SyntheticData reproduces point for point (its noise comes from Descent's own seeded generator,
so only the noise-free points can be compared; the tests check the noise's statistics instead).

Run with the reference venv:  python Tools/references/synthetic_data.py
"""
import json
import os

import sklearn
from sklearn.datasets import make_circles, make_moons

from reference_json import json_nested

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "DescentLearnTests", "References", "synthetic_data.json")

moons = []
for count in (2, 3, 7, 10):
    x, y = make_moons(n_samples=count, shuffle=False, noise=None)
    moons.append({"count": count, "points": json_nested(x), "labels": [int(v) for v in y]})
circles = []
for count, factor in ((2, 0.5), (5, 0.3), (10, 0.8), (11, 0.0)):
    x, y = make_circles(n_samples=count, shuffle=False, noise=None, factor=factor)
    circles.append({"count": count, "factor": factor, "points": json_nested(x), "labels": [int(v) for v in y]})

with open(OUT, "w") as f:
    json.dump({"sklearn_version": sklearn.__version__, "moons": moons, "circles": circles}, f)
    f.write("\n")
print("wrote", OUT)
