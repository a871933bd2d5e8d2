"""Reference eigenpairs for the LOBPCG tests (DescentCoreTests, LOBPCGTests).

Peers: SciPy `lobpcg` (tol 1e-12) and `eigsh` (ARPACK, tol=0 i.e. machine precision), NumPy/LAPACK
`eigh` (exact spectrum), on matrices whose eigenvalues repeat:
  * grid: the graph Laplacian of a 16 × 16 grid (node i·16 + j), eigenvalues
    (2 − 2cos(πa/16)) + (2 − 2cos(πb/16)), most of multiplicity 2; the top and bottom six both end
    at a gap, so their 6-dimensional subspaces are unique;
  * complete: the Laplacian of K₃₀, eigenvalue 0 once (eigenvector 1/√30) and 30 with multiplicity 29;
  * blocks: three diagonal copies of one 30 × 30 path-graph Laplacian plus diag(linspace(0, 1)),
    every eigenvalue of multiplicity 3; the top and bottom six are two whole triples.
Each entry stores the matrix as COO triplets, the full spectrum (eigvalsh), and for each end the k
eigenvalues of eigsh and lobpcg (block of k + 4 random columns) and eigsh's eigenvectors.
Writes Tests/DescentCoreTests/References/lobpcg.json. Deterministic: fixed seeds.
"""
import json
import os
import warnings

import networkx as nx
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from reference_json import json_nested

rng = np.random.default_rng(20261204)
# lobpcg warns when its guard columns (beyond the k wanted) miss 1e-12, and when it solves K₃₀ densely
# (n < 5 × block); the k wanted values agree with eigsh to 1e-13.
warnings.filterwarnings("ignore", category=UserWarning)


def triplets(m):
    c = sp.coo_matrix(m)
    return {"rows": c.row.tolist(), "columns": c.col.tolist(), "values": json_nested(c.data)}


def entry(matrix, k):
    matrix = sp.csr_matrix(matrix)
    n = matrix.shape[0]
    out = {**triplets(matrix), "n": n, "k": k, "eigvalsh": json_nested(np.linalg.eigvalsh(matrix.toarray()))}
    v0 = rng.standard_normal(n)
    for end, which, largest in (("largest", "LA", True), ("smallest", "SA", False)):
        values, vectors = spla.eigsh(matrix, k=k, which=which, tol=0, v0=v0, ncv=min(n, 4 * k + 20))
        block = rng.standard_normal((n, k + 4))
        lobpcg_values, _ = spla.lobpcg(matrix, block, largest=largest, tol=1e-12, maxiter=5000)
        lobpcg_values = np.sort(lobpcg_values)
        out[f"eigsh_{end}"] = json_nested(values)
        out[f"eigsh_{end}_vectors"] = json_nested(vectors)
        out[f"lobpcg_{end}"] = json_nested(lobpcg_values[-k:] if largest else lobpcg_values[:k])
    return out


side = 16
grid = nx.laplacian_matrix(nx.grid_2d_graph(side, side), nodelist=[(i, j) for i in range(side) for j in range(side)]).astype(float)
path_laplacian = nx.laplacian_matrix(nx.path_graph(30)).astype(float) + sp.diags(np.linspace(0, 1, 30))
out = {"grid": entry(grid, 6),
       "complete": entry(nx.laplacian_matrix(nx.complete_graph(30)).astype(float), 5),
       "blocks": entry(sp.block_diag([path_laplacian] * 3), 6)}

path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References", "lobpcg.json")
with open(os.path.normpath(path), "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path))
