"""Reference values for DescentLearn's graphs and PageRank, from networkx (and NumPy for the exact
linear-system solution).

Writes Tests/DescentLearnTests/References/pagerank.json with, per PageRank case:
  * `networkx`: networkx.pagerank at its defaults (tol 1e-6, power iteration, SciPy backend): the
    Swift power iteration stops by the same rule (L1 change < N·tol), so it returns the same iterate;
  * `exact`: the solution of M x = (1 − α) p, M = I − α(Pᵀ + w dᵀ), by a dense LU solve
    (numpy.linalg.solve), checked here against networkx run to tol = 1e-15 / N;
and the Laplacians (networkx laplacian_matrix / normalized_laplacian_matrix; the random-walk one as
D⁻¹(D − A) with D⁻¹ = 0 at isolated nodes, networkx's convention for the normalized one) and the
weakly/strongly connected components of a small graph with a self-loop and an isolated node.
Edge lists are written as text, so the Swift tests parse exactly what networkx parsed.
Run with the reference venv:  python Tools/references/pagerank.py
"""
import json
import os

import networkx as nx
import numpy as np

from reference_json import json_nested

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "DescentLearnTests", "References", "pagerank.json")

# A directed web: dangling nodes ("faq", "contact"), a self-loop, a repeated edge (summed, as a
# MultiDiGraph converts), weighted links, names that are not numbers.
DIRECTED = """# source target weight
home about 2
home blog 1
about home 1
about team 3
blog home 0.5
blog post1 2
blog post2 1
post1 blog 1
post1 faq 1
post2 post2 1
post2 contact 4
team about 1
team contact 1
blog post1 1
"""

# Undirected, with a self-loop on c and an isolated... (isolated node comes from a loop-free edge list
# only through a separate node list, so node "e" here has a zero-weight edge: degree 0).
SMALL = """a b 1
b c 2
c c 3
c a 1
d e 0
f g 1.5
g h 1
h f 2
h i 1
"""


def parse(text, directed):
    graph = nx.MultiDiGraph() if directed else nx.MultiGraph()
    return nx.parse_edgelist(text.splitlines(), create_using=graph, data=[("weight", float)], comments="#")


def exact_pagerank(graph, alpha, personalization=None, dangling=None, weight="weight"):
    nodes = list(graph)
    n = len(nodes)
    a = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, dtype=float).toarray()
    s = a.sum(axis=1)
    p_matrix = np.divide(a, s[:, None], out=np.zeros_like(a), where=s[:, None] != 0)
    d = (s == 0).astype(float)

    def vector(values):
        if values is None:
            return np.full(n, 1.0 / n)
        v = np.array([values.get(node, 0.0) for node in nodes], dtype=float)
        return v / v.sum()

    p = vector(personalization)
    w = p if dangling is None else vector(dangling)
    m = np.eye(n) - alpha * (p_matrix.T + np.outer(w, d))
    return dict(zip(nodes, np.linalg.solve(m, (1 - alpha) * p)))


def case(name, graph, alpha=0.85, personalization=None, dangling=None, weight="weight", edges=None, directed=False):
    exact = exact_pagerank(graph, alpha, personalization, dangling, weight)
    default = nx.pagerank(graph, alpha=alpha, personalization=personalization, dangling=dangling, weight=weight)
    tight = nx.pagerank(graph, alpha=alpha, personalization=personalization, dangling=dangling, weight=weight,
                        tol=1e-15 / len(graph), max_iter=10000)
    gap = max(abs(tight[k] - exact[k]) for k in exact)
    assert gap < 1e-12, f"{name}: networkx and the exact solution differ by {gap}"
    return {"name": name, "edges": edges, "directed": directed, "weighted": weight is not None, "alpha": alpha,
            "personalization": personalization, "dangling": dangling,
            "nodes": [str(k) for k in graph],
            "networkx": {str(k): json_nested(v) for k, v in default.items()},
            "exact": {str(k): json_nested(v) for k, v in exact.items()}}


def main():
    karate = nx.karate_club_graph()
    directed = parse(DIRECTED, directed=True)
    small = parse(SMALL, directed=False)
    cases = [
        case("karate_weighted", karate),
        case("karate_unweighted", karate, weight=None),
        case("karate_personalized", karate, alpha=0.9, personalization={0: 1.0, 33: 3.0}),
        case("directed_weighted", directed, edges=DIRECTED, directed=True),
        case("directed_personalized", directed, alpha=0.7, personalization={"home": 2.0, "post2": 1.0, "faq": 1.0},
             edges=DIRECTED, directed=True),
        case("directed_dangling", directed, personalization={"about": 1.0, "blog": 1.0}, dangling={"contact": 1.0, "home": 3.0},
             edges=DIRECTED, directed=True),
        case("directed_unweighted", directed, weight=None, edges=DIRECTED, directed=True),
        case("small_undirected", small, edges=SMALL),
    ]
    nodes = list(small)
    simple = nx.Graph()  # networkx's Laplacians on the summed simple graph (no repeated edges in SMALL)
    simple.add_nodes_from(nodes)
    simple.add_weighted_edges_from((u, v, w) for u, v, w in small.edges(data="weight"))
    lap = nx.laplacian_matrix(simple, nodelist=nodes).toarray()
    normalized = nx.normalized_laplacian_matrix(simple, nodelist=nodes).toarray()
    a = nx.to_scipy_sparse_array(simple, nodelist=nodes).toarray()
    deg = a.sum(axis=1)
    inverse = np.divide(1.0, deg, out=np.zeros_like(deg), where=deg != 0)
    random_walk = inverse[:, None] * (np.diag(deg) - a)
    dgraph = nx.DiGraph(directed)
    components = {
        "weak": sorted(sorted(list(directed).index(v) for v in c) for c in nx.weakly_connected_components(dgraph)),
        "strong": sorted(sorted(list(directed).index(v) for v in c) for c in nx.strongly_connected_components(dgraph)),
        "small": sorted(sorted(nodes.index(v) for v in c) for c in nx.connected_components(simple)),
    }
    out = {"generator": "Tools/references/pagerank.py", "networkx": nx.__version__, "numpy": np.__version__,
           "cases": cases,
           "laplacian": {"edges": SMALL, "nodes": nodes, "unnormalized": json_nested(lap),
                         "symmetric_normalized": json_nested(normalized), "random_walk": json_nested(random_walk)},
           "components": components, "directed_edges": DIRECTED}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
