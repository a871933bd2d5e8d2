"""Reference data for shift-invert Lanczos and the sparse LDLᵀ factorization (DescentCoreTests,
ShiftInvertLanczosTests and SparseCholeskyTests).

Peers: SciPy `eigsh(A, k, sigma=σ, which='LM')` (ARPACK in shift-invert mode through SuperLU,
tol=0 i.e. machine precision), `scipy.sparse.linalg.spsolve`, and exact math: the 1-D Dirichlet
Laplacian tridiag(−1, 2, −1) of order m has eigenvalues 4 sin²(jπ/(2(m+1))), j = 1..m; the 2-D
Dirichlet grid Laplacian (Kronecker sum) has the sums of two of them, and the graph (Neumann)
Laplacian of an m × m grid the sums of 4 sin²(jπ/(2m)), j = 0..m−1 (many of multiplicity 2).
Cases:
  * eigen: matrix triplets, σ, k, the exact k eigenvalues nearest σ (from the closed form) and eigsh's;
  * solve: an indefinite A − σI (2-D Dirichlet Laplacian, σ inside the spectrum), one and three
    right-hand sides and spsolve's solutions;
  * singular: shifts that are exact eigenvalues (1-D Dirichlet order 9, σ = 2 = 4 sin²(5π/20)).
Writes Tests/DescentCoreTests/References/shift_invert.json. Deterministic: fixed seeds.
"""
import json
import os

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from reference_json import json_nested

rng = np.random.default_rng(20261204)


def triplets(m):
    c = sp.coo_matrix(m)
    return {"rows": c.row.tolist(), "columns": c.col.tolist(), "values": c.data.tolist(), "order": m.shape[0]}


def dirichlet_1d(m):
    return sp.diags([-np.ones(m - 1), 2 * np.ones(m), -np.ones(m - 1)], [-1, 0, 1], format="csr")


def dirichlet_1d_spectrum(m):
    j = np.arange(1, m + 1)
    return 4 * np.sin(j * np.pi / (2 * (m + 1))) ** 2


def dirichlet_2d(m):
    t = dirichlet_1d(m)
    i = sp.identity(m, format="csr")
    return (sp.kron(t, i) + sp.kron(i, t)).tocsr()


def neumann_1d(m):
    t = dirichlet_1d(m).tolil()
    t[0, 0] = 1
    t[m - 1, m - 1] = 1
    return t.tocsr()


def neumann_2d(m):
    t = neumann_1d(m)
    i = sp.identity(m, format="csr")
    return (sp.kron(t, i) + sp.kron(i, t)).tocsr()


def grid_spectrum(one_d):
    return np.sort(np.add.outer(one_d, one_d).ravel())


def nearest(spectrum, sigma, k):
    chosen = spectrum[np.argsort(np.abs(spectrum - sigma), kind="stable")[:k]]
    return np.sort(chosen)


def eigen_case(name, a, exact_spectrum, sigma, k):
    values = spla.eigsh(a, k=k, sigma=sigma, which="LM", tol=0, return_eigenvectors=False)
    exact = nearest(exact_spectrum, sigma, k)
    return {"name": name, "matrix": triplets(a), "sigma": sigma, "k": k,
            "exact": json_nested(exact), "eigsh": json_nested(np.sort(values))}


eigen = [
    # Bottom 6 of the 12 × 12 Dirichlet grid (positive definite, σ = 0): 1, 2 (double), 1, 2 (double).
    eigen_case("dirichlet grid 12x12, smallest 6", dirichlet_2d(12),
               grid_spectrum(dirichlet_1d_spectrum(12)), 0.0, 6),
    # Bottom 6 of the 12 × 12 grid graph Laplacian (singular: eigenvalue 0), shifted to σ = −1e-3.
    eigen_case("neumann grid 12x12, smallest 6", neumann_2d(12),
               grid_spectrum(4 * np.sin(np.arange(12) * np.pi / 24) ** 2), -1e-3, 6),
    # Interior eigenvalues near σ = 1.3 of the 1-D Dirichlet Laplacian of order 200.
    eigen_case("dirichlet path 200, interior near 1.3", dirichlet_1d(200), dirichlet_1d_spectrum(200), 1.3, 5),
    # Interior eigenvalues near σ = 3.1 of the 15 × 15 Dirichlet grid (pairs of equal sums).
    eigen_case("dirichlet grid 15x15, interior near 3.1", dirichlet_2d(15),
               grid_spectrum(dirichlet_1d_spectrum(15)), 3.1, 6),
]

a = dirichlet_2d(10)
sigma = 2.5
shifted = (a - sigma * sp.identity(a.shape[0])).tocsc()
b = rng.standard_normal(a.shape[0])
bs = rng.standard_normal((a.shape[0], 3))
solve = {"matrix": triplets(a), "sigma": sigma,
         "b": json_nested(b), "x": json_nested(spla.spsolve(shifted, b)),
         "B": json_nested(bs), "X": json_nested(spla.spsolve(shifted, bs)),
         # Inertia: eigenvalues of A below σ, the count of negative pivots of LDLᵀ.
         "below": int(np.sum(grid_spectrum(dirichlet_1d_spectrum(10)) < sigma))}

singular = {"matrix": triplets(dirichlet_1d(9)), "sigma": 2.0,
            "exact_eigenvalue": json_nested(dirichlet_1d_spectrum(9)[4])}

out = {"eigen": eigen, "solve": solve, "singular": singular}
path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References", "shift_invert.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
