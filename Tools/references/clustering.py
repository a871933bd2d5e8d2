"""References for DescentLearn's clustering: spectral clustering, k-means and the adjusted Rand index.

Writes Tests/DescentLearnTests/References/clustering.json:
- generated data with fixed seeds (scikit-learn's make_blobs, make_moons, make_circles) and the
  true labels; for each (data, affinity) case, scikit-learn's SpectralClustering labels (affinity
  'rbf' with gamma, or 'nearest_neighbors' with n_neighbors), their adjusted Rand index against
  the truth, and the k + 1 smallest eigenvalues of the normalized Laplacian sklearn builds
  (csgraph.laplacian(normed=True) of the affinity with its diagonal ignored, then the diagonal set
  to 1, as sklearn's spectral_embedding does) from which the eigengap λ_{k+1} − λ_k is taken.
  Every case is checked here to be stable: the labels are the same (up to permutation) for five
  random_state values, so a Swift implementation with its own random numbers can match them;
- a precomputed affinity (two weighted cliques joined by one weak edge) and sklearn's labels;
- k-means from given initial centres (KMeans(init=centres, n_init=1)): labels, centres, inertia,
  iterations; and k-means++ with ten restarts (the minimum inertia the Swift side should reach);
- adjusted_rand_score on hand-made and random label pairs.

Also writes Tests/DescentCommandsTests/References/cluster_cli.json for `descent cluster` (see the end).
"""
import json
import os
import warnings

import numpy as np
from scipy.sparse import csgraph
from sklearn.cluster import KMeans, SpectralClustering
from sklearn.datasets import make_blobs, make_circles, make_moons
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.pairwise import rbf_kernel
from sklearn.neighbors import kneighbors_graph

from reference_json import json_nested

warnings.simplefilter("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentLearnTests", "References", "clustering.json")


def laplacian_eigenvalues(affinity, k):
    """The k + 1 smallest eigenvalues of sklearn's normalized Laplacian of `affinity` (dense)."""
    a = np.array(affinity, dtype=float)
    lap = csgraph.laplacian(a, normed=True)   # ignores the diagonal of a
    np.fill_diagonal(lap, 1.0)                 # sklearn's _set_diag(laplacian, 1, norm_laplacian=True)
    return np.linalg.eigvalsh(lap)[: k + 1]


def affinity_of(x, affinity, gamma, neighbors):
    if affinity == "rbf":
        return rbf_kernel(x, gamma=gamma)
    c = kneighbors_graph(x, n_neighbors=neighbors, include_self=True)
    return (0.5 * (c + c.T)).toarray()


data = {
    "blobs": make_blobs(n_samples=150, centers=3, cluster_std=0.6, random_state=0),
    "moons": make_moons(n_samples=200, noise=0.05, random_state=0),
    "circles": make_circles(n_samples=200, factor=0.5, noise=0.05, random_state=0),
}
cases = []
for name, affinity, gamma, neighbors, k in [
    ("blobs", "rbf", 1.0, 10, 3),
    ("blobs", "nearest_neighbors", 1.0, 10, 3),
    ("moons", "nearest_neighbors", 1.0, 10, 2),
    ("moons", "rbf", 20.0, 10, 2),
    ("circles", "nearest_neighbors", 1.0, 10, 2),
    ("circles", "rbf", 1.0, 10, 2),
]:
    x, y = data[name]
    runs = [SpectralClustering(n_clusters=k, affinity=affinity, gamma=gamma, n_neighbors=neighbors,
                               random_state=seed).fit(x).labels_ for seed in range(5)]
    for other in runs[1:]:
        assert adjusted_rand_score(runs[0], other) == 1.0, (name, affinity)
    cases.append({
        "data": name, "affinity": "rbf" if affinity == "rbf" else "knn", "gamma": gamma, "neighbors": neighbors,
        "k": k, "labels": runs[0].tolist(), "ari": adjusted_rand_score(y, runs[0]),
        "laplacian_eigenvalues": json_nested(laplacian_eigenvalues(affinity_of(x, affinity, gamma, neighbors), k)),
    })

# A precomputed affinity: two 5-cliques (weights 1) joined by one edge of weight 0.05.
w = np.zeros((10, 10))
w[:5, :5] = 1
w[5:, 5:] = 1
np.fill_diagonal(w, 0)
w[4, 5] = w[5, 4] = 0.05
pre = SpectralClustering(n_clusters=2, affinity="precomputed", random_state=0).fit(w).labels_
precomputed = {"affinity": json_nested(w), "k": 2, "labels": pre.tolist(),
               "laplacian_eigenvalues": json_nested(laplacian_eigenvalues(w, 2))}

# k-means from given centres, on the blobs and on a 4-D set with five clusters that takes many iterations.
kmeans = []
rng = np.random.default_rng(7)
wide = rng.normal(size=(300, 4)) + np.repeat(rng.normal(scale=2.0, size=(5, 4)), 60, axis=0)
# "empty": a start whose third centre is far from every point, so its cluster is empty at once and
# scikit-learn relocates it to the point farthest from its centre (30).
empty = np.array([[0.0], [1.0], [10.0], [13.0], [30.0]])
for name, x, k, init in [("blobs", data["blobs"][0], 3, data["blobs"][0][[0, 1, 2]]), ("wide", wide, 5, wide[[0, 1, 2, 3, 4]]),
                         ("empty", empty, 3, np.array([[0.0], [1.0], [100.0]]))]:
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=300, tol=1e-4).fit(x)
    best = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(x)
    kmeans.append({"data": name, "x": json_nested(x), "k": k, "init": json_nested(init), "labels": km.labels_.tolist(),
                   "centers": json_nested(km.cluster_centers_), "inertia": float(km.inertia_), "iterations": int(km.n_iter_),
                   "best_inertia": float(best.inertia_)})

ari = []
for a, b in [([0, 0, 1, 1], [1, 1, 0, 0]), ([0, 0, 1, 2], [0, 0, 1, 1]), ([0, 0, 0, 0], [0, 1, 2, 3]),
             ([0, 1, 2, 3], [0, 1, 2, 3]), ([0, 0, 0], [0, 0, 0]), ([0, 0, 1, 1, 2, 2], [0, 1, 0, 1, 0, 1])]:
    ari.append({"a": a, "b": b, "ari": adjusted_rand_score(a, b)})
for seed in range(3):
    r = np.random.default_rng(seed)
    a, b = r.integers(0, 4, size=50).tolist(), r.integers(0, 3, size=50).tolist()
    ari.append({"a": a, "b": b, "ari": adjusted_rand_score(a, b)})

out = {
    "data": {name: {"x": json_nested(x), "y": y.tolist()} for name, (x, y) in data.items()},
    "spectral": cases, "precomputed": precomputed, "kmeans": kmeans, "ari": ari,
}
with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")

# The CLI suite (Tests/DescentCommandsTests/References/cluster_cli.json): the karate club's weighted
# adjacency (the bundled edge list) with affinity='precomputed', k = 2, and sklearn's labels and the
# club split; the moons as a CSV table (columns a, b, label) with nearest_neighbors, k = 2.
root = os.path.join(os.path.dirname(__file__), "..", "..")
edges = np.loadtxt(os.path.join(root, "Sources", "DescentLearn", "Resources", "karate_club_edges.csv"), delimiter=",", skiprows=1)
karate = np.zeros((34, 34))
for s, t, wt in edges:
    karate[int(s), int(t)] = karate[int(t), int(s)] = wt
karate_runs = [SpectralClustering(n_clusters=2, affinity="precomputed", random_state=seed).fit(karate).labels_ for seed in range(5)]
for other in karate_runs[1:]:
    assert adjusted_rand_score(karate_runs[0], other) == 1.0
moons_x, moons_y = data["moons"]
moons_csv = "a,b,label\n" + "".join(f"{float(p[0])!r},{float(p[1])!r},{int(t)}\n" for p, t in zip(moons_x, moons_y))
cli = {
    "karate_labels": karate_runs[0].tolist(),
    "karate_eigenvalues": json_nested(laplacian_eigenvalues(karate, 2)),
    "moons_csv": moons_csv,
    "moons_labels": cases[2]["labels"],
}
assert cases[2]["data"] == "moons" and cases[2]["affinity"] == "knn"
with open(os.path.join(root, "Tests", "DescentCommandsTests", "References", "cluster_cli.json"), "w") as f:
    json.dump(cli, f, indent=1)
    f.write("\n")
