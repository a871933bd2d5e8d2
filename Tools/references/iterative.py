"""Reference values for the sparse and iterative linear algebra tests (DescentCoreTests).

Peers: NumPy/LAPACK (eigh, svd, solve) and SciPy (sparse CSR products, eigsh, cg).
Writes Tests/DescentCoreTests/References/iterative.json. Deterministic: fixed seeds.
"""
import json
import os

import networkx as nx
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

rng = np.random.default_rng(20261122)
out = {}


def dense(a):
    return np.asarray(a, dtype=float).tolist()


def triplets(m):
    c = sp.coo_matrix(m)
    return {"rows": c.row.tolist(), "columns": c.col.tolist(), "values": c.data.tolist()}


# 1. A symmetric matrix with a known, well-separated spectrum: A = Q diag(λ) Qᵀ.
n = 30
q, _ = np.linalg.qr(rng.standard_normal((n, n)))
spectrum = np.concatenate([[-9.0, -7.5], np.linspace(-3, 3, n - 5), [6.0, 8.0, 10.0]])
a = q @ np.diag(spectrum) @ q.T
a = (a + a.T) / 2
w, v = np.linalg.eigh(a)
out["symmetric"] = {"matrix": dense(a), "eigenvalues": w.tolist(), "eigenvectors": dense(v)}

# 2. CSR construction with duplicates and products, checked against scipy.sparse.
m, k = 50, 40
count = 300
rows = rng.integers(0, m, count)
cols = rng.integers(0, k, count)
vals = rng.standard_normal(count)
rows[:10] = rows[10:20]  # force duplicate coordinates, which CSR conversion must sum
cols[:10] = cols[10:20]
csr = sp.coo_matrix((vals, (rows, cols)), shape=(m, k)).tocsr()
csr.sum_duplicates()
csr.sort_indices()
x = rng.standard_normal(k)
y = rng.standard_normal(m)
b = rng.standard_normal((k, 3))
out["csr"] = {
    "shape": [m, k],
    "rows": rows.tolist(), "columns": cols.tolist(), "values": vals.tolist(),
    "indptr": csr.indptr.tolist(), "indices": csr.indices.tolist(), "data": csr.data.tolist(),
    "x": x.tolist(), "ax": (csr @ x).tolist(),
    "y": y.tolist(), "aty": (csr.T @ y).tolist(),
    "b": dense(b), "ab": dense(csr @ b),
    "row_sums": np.asarray(csr.sum(axis=1)).ravel().tolist(),
    "column_sums": np.asarray(csr.sum(axis=0)).ravel().tolist(),
}

# 3. A sparse graph Laplacian L = D − W of a connected random geometric graph (networkx),
#    with eigsh for its extreme eigenvalues. L is PSD with eigenvalue 0 (constant vector).
g = nx.connected_watts_strogatz_graph(200, 6, 0.2, seed=7)
lap = nx.laplacian_matrix(g, nodelist=range(200)).astype(float).tocsr()
largest = spla.eigsh(lap, k=5, which="LA", tol=1e-12, v0=np.ones(200) / np.sqrt(200) + 1e-3 * np.arange(200))[0]
smallest_dense = np.linalg.eigvalsh(lap.toarray())
out["laplacian"] = {
    "n": 200, **triplets(lap),
    "eigsh_largest": np.sort(largest).tolist(),
    "eigvalsh": smallest_dense.tolist(),
}

# 4. Conjugate gradient on the SPD matrix L + I (scipy cg) and the dense solve (LAPACK gesv).
spd = (lap + sp.identity(200)).tocsr()
rhs = rng.standard_normal(200)
x_cg, info = spla.cg(spd, rhs, rtol=1e-12, atol=0, maxiter=1000)
assert info == 0
out["cg"] = {
    "b": rhs.tolist(),
    "scipy_cg": x_cg.tolist(),
    "solve": np.linalg.solve(spd.toarray(), rhs).tolist(),
}
# A badly scaled SPD matrix where Jacobi preconditioning helps: D^{1/2} (L + I) D^{1/2}.
scales = np.exp(rng.uniform(-3, 3, 200))
scaled = sp.diags(np.sqrt(scales)) @ spd @ sp.diags(np.sqrt(scales))
out["cg_scaled"] = {**triplets(scaled), "b": rhs.tolist(), "solve": np.linalg.solve(scaled.toarray(), rhs).tolist()}

# 5. Low-rank matrices for randomized SVD: exact rank 5, and a geometric spectrum.
u, _ = np.linalg.qr(rng.standard_normal((60, 40)))
vv, _ = np.linalg.qr(rng.standard_normal((40, 40)))
s_exact = np.array([9.0, 7.0, 4.0, 2.0, 1.0] + [0.0] * 35)
exact = u @ np.diag(s_exact) @ vv.T
s_decay = 0.7 ** np.arange(40)
decay = u @ np.diag(s_decay) @ vv.T
out["low_rank"] = {
    "exact_rank5": dense(exact), "exact_singular_values": np.linalg.svd(exact, compute_uv=False).tolist(),
    "decaying": dense(decay), "decaying_singular_values": np.linalg.svd(decay, compute_uv=False).tolist(),
}

path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References", "iterative.json")
with open(os.path.normpath(path), "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path))
