"""Reference values for DescentPlot's GraphLayout (Tests/DescentPlotTests/GraphPlotTests.swift).

networkx's spectral_layout (eigenvectors 2 and 3 of the Laplacian D − W, centred and scaled so the
largest |coordinate| is 1) of the karate club (weighted, as networkx ships it, and unweighted) and
of a weighted 6-node graph with a repeated-free spectrum. Eigenvector signs are arbitrary: the tests
align each coordinate's sign before comparing.

Run with the reference venv:  python Tools/references/graph_layout.py
"""
import json
import os

import networkx as nx
import numpy as np

from reference_json import json_nested

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "DescentPlotTests", "References", "graph_layout.json")


def case(name, graph, weight="weight"):
    nodes = sorted(graph.nodes())
    edges = [[int(u), int(v), float(d.get("weight", 1.0)) if weight else 1.0] for u, v, d in graph.edges(data=True)]
    pos = nx.spectral_layout(graph, weight=weight)
    laplacian = nx.laplacian_matrix(graph, nodelist=nodes, weight=weight).toarray().astype(float)
    eigenvalues = np.linalg.eigvalsh(laplacian)
    return {"name": name, "nodes": len(nodes), "edges": edges,
            "x": json_nested([pos[v][0] for v in nodes]), "y": json_nested([pos[v][1] for v in nodes]),
            "eigenvalues": json_nested(eigenvalues[:4])}


karate = nx.karate_club_graph()
small = nx.Graph()
small.add_weighted_edges_from([(0, 1, 2.0), (1, 2, 1.0), (2, 3, 3.0), (3, 4, 0.5), (4, 5, 1.5), (5, 0, 1.0), (1, 4, 0.25)])
cases = [case("karate_weighted", karate), case("karate_unweighted", karate, weight=None), case("small_weighted", small)]
with open(OUT, "w") as f:
    json.dump({"networkx": nx.__version__, "numpy": np.__version__, "cases": cases}, f)
    f.write("\n")
print("wrote", OUT)
