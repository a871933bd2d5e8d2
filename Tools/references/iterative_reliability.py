"""Reference values for conjugate gradient on singular positive semi-definite systems (DescentCoreTests).

Peers: SciPy's `scipy.sparse.linalg.cg` (what it returns, including its false success on a system
with no solution), NumPy's pseudoinverse (the minimum-norm solution that CG from x0 = 0 reaches on a
consistent system), and exact arithmetic (integer null vectors, distances to the range with mpmath).
Writes Tests/DescentCoreTests/References/iterative_reliability.json. Deterministic: fixed seeds.
"""
import json
import os

import mpmath
import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from reference_json import json_nested

mpmath.mp.dps = 50
out = {"scipy_version": scipy.__version__}

# 1. The reliability issue's rank-3 PSD matrix. Its null space is spanned by the integer vector
#    n = (41, 10, 18, -16) (A n = 0 exactly), so A x = b has a solution iff n . b = 0, and
#    min_x ||b - A x|| = |n . b| / ||n||.
a = np.array([[8, -2, -10, 8], [-2, 17, -4, 1], [-10, -4, 17, -9], [8, 1, -9, 11]], dtype=float)
null = np.array([41, 10, 18, -16])
assert (a.astype(int) @ null == 0).all()
assert np.linalg.matrix_rank(a) == 3 and np.linalg.eigvalsh(a).min() > -1e-12
b_outside = np.array([0.0, 1.0, 1.0, 1.0])
distance = abs(int(null @ b_outside.astype(int))) / mpmath.sqrt(int(null @ null))   # 12 / sqrt(2361)
x_scipy, info = spla.cg(a, b_outside, rtol=1e-10, atol=0, maxiter=1000)
x_true = np.array([1.0, 2.0, 3.0, 4.0])
b_inside = a @ x_true   # exact: integer arithmetic in doubles
assert int(null @ b_inside.astype(int)) == 0
x_inside, info_inside = spla.cg(a, b_inside, rtol=1e-12, atol=0, maxiter=1000)
assert info_inside == 0
out["psd"] = {
    "matrix": json_nested(a),
    "null_vector": null.tolist(),
    "b_outside": json_nested(b_outside),
    "distance_to_range": float(distance),
    # SciPy reports success (info 0) with ||x|| about 1e15 and a true residual near ||b||.
    "scipy_outside_info": int(info),
    "scipy_outside_solution_norm": float(np.linalg.norm(x_scipy)),
    "scipy_outside_residual": float(np.linalg.norm(b_outside - a @ x_scipy)),
    "b_inside": json_nested(b_inside),
    "scipy_inside": json_nested(x_inside),
    "minimum_norm_solution": json_nested(np.linalg.pinv(a) @ b_inside),
}

# 2. The Laplacian of the cycle graph C_50 (PSD, null space = constants): a consistent right-hand
#    side (mean removed) and an inconsistent one (a constant component of 1e-3 per entry, so the
#    distance to the range is 1e-3 * sqrt(50)).
n = 50
shift = sp.diags([np.ones(n - 1)], [1], shape=(n, n)).tolil()
shift[n - 1, 0] = 1
lap = (2 * sp.identity(n) - shift - shift.T).tocsr()
rng = np.random.default_rng(20261204)
rhs = rng.standard_normal(n)
rhs -= rhs.mean()
x_cycle, info_cycle = spla.cg(lap, rhs, rtol=1e-12, atol=0, maxiter=1000)
assert info_cycle == 0
coo = lap.tocoo()
out["cycle_laplacian"] = {
    "n": n,
    "rows": coo.row.tolist(), "columns": coo.col.tolist(), "values": json_nested(coo.data),
    "b_inside": json_nested(rhs),
    "scipy_inside": json_nested(x_cycle),
    "minimum_norm_solution": json_nested(np.linalg.pinv(lap.toarray()) @ rhs),
    "constant_component": 1e-3,
    "distance_to_range": float(mpmath.mpf("1e-3") * mpmath.sqrt(n)),
}

path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References",
                    "iterative_reliability.json")
with open(os.path.normpath(path), "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path))
