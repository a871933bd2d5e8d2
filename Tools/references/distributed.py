"""References for DescentDistributed's models and spectral methods on sharded data.

Writes Tests/DescentDistributedTests/References/distributed_models.json (scikit-learn's
LinearRegression, Ridge, Lasso, LogisticRegression (target above its median) and PCA on the diabetes table) and distributed_pagerank.json
(networkx PageRank, plain and personalized, on a random directed graph with dangling nodes).
Run with /work/venv/bin/python Tools/references/distributed.py from the repository root.
"""
import json
import pathlib

import networkx as nx
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.decomposition import PCA
from sklearn.linear_model import Lasso, LinearRegression, LogisticRegression, Ridge

out = pathlib.Path("Tests/DescentDistributedTests/References")
out.mkdir(parents=True, exist_ok=True)

x, y = load_diabetes(return_X_y=True)
# Scale the standardized-by-rows table up so the Gram matrix is well conditioned in the usual units.
x = x * np.sqrt(x.shape[0])


def signed(components):
    """Each row scaled by ±1 so that its entry of largest magnitude is positive."""
    components = np.array(components)
    for row in components:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    return components


ols = LinearRegression().fit(x, y)
ridge = Ridge(alpha=10.0).fit(x, y)
lasso = Lasso(alpha=0.5, tol=1e-14, max_iter=1_000_000).fit(x, y)
pca = PCA(n_components=4, svd_solver="full").fit(x)
labels = (y > np.median(y)).astype(float)
logistic = LogisticRegression(C=0.5, tol=1e-12, max_iter=100_000).fit(x, labels)
models = {
    "x": x.tolist(), "y": y.tolist(),
    "ols": {"coef": ols.coef_.tolist(), "intercept": float(ols.intercept_)},
    "ridge": {"alpha": 10.0, "coef": ridge.coef_.tolist(), "intercept": float(ridge.intercept_)},
    "lasso": {"alpha": 0.5, "coef": lasso.coef_.tolist(), "intercept": float(lasso.intercept_)},
    "logistic": {"c": 0.5, "labels": labels.tolist(), "coef": logistic.coef_[0].tolist(), "intercept": float(logistic.intercept_[0])},
    "pca": {"components": signed(pca.components_).tolist(), "explained_variance": pca.explained_variance_.tolist(),
            "mean": pca.mean_.tolist()},
}
(out / "distributed_models.json").write_text(json.dumps(models))

rng = np.random.default_rng(13)
n = 60
graph = nx.DiGraph()
graph.add_nodes_from(range(n))
for u in range(n):
    if u % 9 == 4:
        continue  # dangling: no out-links
    for v in rng.choice(n, size=rng.integers(1, 6), replace=False):
        if v != u:
            graph.add_edge(int(u), int(v))
personalization = {i: float(1 + (i % 5)) for i in range(n)}
plain = nx.pagerank(graph, alpha=0.85, tol=1e-15, max_iter=10_000)
personal = nx.pagerank(graph, alpha=0.85, personalization=personalization, tol=1e-15, max_iter=10_000)
pagerank = {
    "nodes": n, "edges": [[u, v] for u, v in graph.edges()], "alpha": 0.85,
    "rank": [plain[i] for i in range(n)],
    "personalization": [personalization[i] for i in range(n)],
    "personalized_rank": [personal[i] for i in range(n)],
}
(out / "distributed_pagerank.json").write_text(json.dumps(pagerank))
