"""Exports the datasets bundled with DescentLearn, and the reference values its tests check them by.

Writes, once (the outputs are committed):
  * Sources/DescentLearn/Resources/diabetes.csv, breast_cancer.csv, digits.csv: a header row of
    column names, then one row per sample; the last column, `target`, is the label;
  * Sources/DescentLearn/Resources/karate_club_edges.csv (`source,target,weight`, 0-based nodes) and
    karate_club_nodes.csv (`node,club`);
  * Tests/DescentLearnTests/References/datasets.json: shapes, names, chosen entries, column sums and
    label counts computed by scikit-learn / networkx from their own copies, for the Swift tests.

Sources (record kept in Sources/DescentLearn/Resources/README.md):
  * scikit-learn's bundled copies in sklearn/datasets/data, read through its loaders, so the values
    are exactly what `load_diabetes()`, `load_breast_cancer()` and `load_digits()` return by default.
    For diabetes that default is the *scaled* version (each feature mean-centred, then divided by its
    standard deviation times sqrt(n_samples), so every column has mean 0 and sum of squares 1); that
    is what is shipped, so models fitted here compare one-to-one with scikit-learn's.
  * networkx's `karate_club_graph()` (Zachary 1977), whose edges in recent networkx (checked with the
    version recorded in the JSON) carry weights: the number of contexts in which the two members
    interacted; older networkx returned the graph unweighted.

Floats are written with Python's repr (the shortest string that round-trips), integers as integers,
so the Swift reader gets the same doubles bit for bit. Run with the reference venv:
    python Tools/references/datasets.py
"""
import csv
import io
import json
import os

import networkx as nx
import numpy as np
import sklearn
import sklearn.datasets

from reference_json import json_number

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
RESOURCES = os.path.join(ROOT, "Sources", "DescentLearn", "Resources")
REFERENCES = os.path.join(ROOT, "Tests", "DescentLearnTests", "References", "datasets.json")


def number(x):
    """An exact, short decimal: integers as integers, other floats with repr."""
    x = float(x)
    if x == int(x) and abs(x) < 2**53:
        return str(int(x))
    return repr(x)


def write_csv(name, header, rows):
    """A header row, then the rows; LF line ends; every field already a string."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with open(os.path.join(RESOURCES, name), "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())


def tabular(name, bunch, file_name, target_names):
    x, y = np.asarray(bunch.data, dtype=float), np.asarray(bunch.target, dtype=float)
    header = list(bunch.feature_names) + ["target"]
    rows = [[number(v) for v in x[i]] + [number(y[i])] for i in range(x.shape[0])]
    write_csv(file_name, header, rows)
    picks = [[0, 0], [0, x.shape[1] - 1], [x.shape[0] - 1, 0], [x.shape[0] // 2, x.shape[1] // 2]]
    reference = {
        "rows": x.shape[0],
        "columns": x.shape[1],
        "column_names": [str(c) for c in bunch.feature_names],
        "target_names": [str(t) for t in target_names],
        "entries": [[i, j, json_number(x[i, j])] for i, j in picks],
        "first_row": [json_number(v) for v in x[0]],
        "column_sums": [json_number(v) for v in x.sum(axis=0)],
        "target_head": [json_number(v) for v in y[:10]],
        "target_sum": json_number(y.sum()),
    }
    if target_names:
        reference["target_counts"] = [int((y == k).sum()) for k in range(len(target_names))]
    return reference


def main():
    references = {"sklearn_version": sklearn.__version__, "networkx_version": nx.__version__}

    diabetes = sklearn.datasets.load_diabetes()          # scaled=True is the default
    references["diabetes"] = tabular("diabetes", diabetes, "diabetes.csv", [])
    cancer = sklearn.datasets.load_breast_cancer()
    references["breast_cancer"] = tabular("breast_cancer", cancer, "breast_cancer.csv", list(cancer.target_names))
    digits = sklearn.datasets.load_digits()
    references["digits"] = tabular("digits", digits, "digits.csv", [str(t) for t in digits.target_names])

    graph = nx.karate_club_graph()
    edges = sorted((min(u, v), max(u, v), d["weight"]) for u, v, d in graph.edges(data=True))
    write_csv("karate_club_edges.csv", ["source", "target", "weight"], [[str(u), str(v), number(w)] for u, v, w in edges])
    clubs = [graph.nodes[n]["club"] for n in sorted(graph.nodes)]
    write_csv("karate_club_nodes.csv", ["node", "club"], [[str(n), c] for n, c in enumerate(clubs)])
    adjacency = nx.to_numpy_array(graph, nodelist=sorted(graph.nodes), weight="weight")
    references["karate_club"] = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "first_edges": [[u, v, w] for u, v, w in edges[:5]],
        "weight_sum": json_number(sum(w for _, _, w in edges)),
        "degrees": [graph.degree(n) for n in sorted(graph.nodes)],
        "weighted_degrees": [json_number(v) for v in adjacency.sum(axis=1)],
        "clubs": clubs,
    }

    with open(REFERENCES, "w", encoding="utf-8") as f:
        json.dump(references, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
