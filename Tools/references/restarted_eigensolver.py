"""Reference eigenpairs for the thick-restart block Lanczos tests (DescentCoreTests, RestartedLanczosTests).

Peers: SciPy `eigsh` (ARPACK, tol=0 i.e. machine precision) and `lobpcg`, NumPy/LAPACK `eigh`
(exact spectrum), on matrices with known multiplicities:
  * grid: the graph Laplacian of a 30 × 30 grid (networkx grid_2d_graph, node order row by row),
    eigenvalues (2 − 2cos(πi/30)) + (2 − 2cos(πj/30)), most of multiplicity 2;
  * complete: the Laplacian of K₄₀, eigenvalue 0 once and 40 with multiplicity 39;
  * blocks: three diagonal copies of one 60 × 60 path-graph Laplacian plus a diagonal, every
    eigenvalue of multiplicity 3.
Each entry stores the matrix as COO triplets, the full spectrum (eigh), eigsh's k largest and
k smallest eigenpairs, and lobpcg's largest eigenvalues where it converges.
Writes Tests/DescentCoreTests/References/restarted_eigensolver.json. Deterministic: fixed seeds.
"""
import json
import os

import networkx as nx
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

rng = np.random.default_rng(20261204)
out = {}


def triplets(m):
    c = sp.coo_matrix(m)
    return {"rows": c.row.tolist(), "columns": c.col.tolist(), "values": c.data.tolist()}


def entry(matrix, k):
    matrix = sp.csr_matrix(matrix)
    n = matrix.shape[0]
    dense = matrix.toarray()
    v0 = rng.standard_normal(n)
    top_values, top_vectors = spla.eigsh(matrix, k=k, which="LA", tol=0, v0=v0, ncv=min(n, 4 * k + 20))
    bottom_values, bottom_vectors = spla.eigsh(matrix, k=k, which="SA", tol=0, v0=v0, ncv=min(n, 4 * k + 20))
    x = rng.standard_normal((n, k + 2))
    lobpcg_values, _ = spla.lobpcg(matrix, x, largest=True, tol=1e-10, maxiter=2000)
    return {
        **triplets(matrix), "n": n, "k": k,
        "eigvalsh": np.linalg.eigvalsh(dense).tolist(),
        "eigsh_largest": top_values.tolist(), "eigsh_largest_vectors": top_vectors.tolist(),
        "eigsh_smallest": bottom_values.tolist(), "eigsh_smallest_vectors": bottom_vectors.tolist(),
        "lobpcg_largest": np.sort(lobpcg_values)[-k:].tolist(),
    }


grid = nx.laplacian_matrix(nx.grid_2d_graph(30, 30), nodelist=[(i, j) for i in range(30) for j in range(30)]).astype(float)
out["grid"] = entry(grid, 6)

out["complete"] = entry(nx.laplacian_matrix(nx.complete_graph(40)).astype(float), 5)

path_laplacian = nx.laplacian_matrix(nx.path_graph(60)).astype(float) + sp.diags(np.linspace(0, 1, 60))
out["blocks"] = entry(sp.block_diag([path_laplacian] * 3), 7)

path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References", "restarted_eigensolver.json")
with open(os.path.normpath(path), "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path))
