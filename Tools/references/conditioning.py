"""Reference reciprocal condition numbers for DescentCore's LU and Cholesky estimates.

Writes Tests/DescentCoreTests/References/conditioning.json: for each matrix, SciPy's LAPACK
`dgecon` estimate (1-norm, on `lu_factor`'s factors, anorm = ‖A‖₁; the same algorithm Descent
calls), `dpocon` for the positive-definite ones, and the exact 1/κ₁ = 1/(‖A‖₁‖A⁻¹‖₁) from NumPy
where A is invertible in floating point. Deterministic (fixed seed).
"""
import json
import os

import numpy as np
import scipy.linalg
from scipy.linalg import lapack
from reference_json import json_number

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References", "conditioning.json")


def hilbert(n):
    return np.array([[1.0 / (i + j + 1) for j in range(n)] for i in range(n)])


def main():
    rng = np.random.default_rng(20261204)
    matrices = [(f"random{n}", rng.standard_normal((n, n))) for n in (1, 3, 8, 30)]
    matrices += [("hilbert8", hilbert(8)), ("hilbert13", hilbert(13)),
                 ("worked", np.array([[4.0, 1.0], [2.0, 3.0]])),
                 # The rank-3 positive semi-definite matrix of the reliability issue.
                 ("psdRank3", np.array([[8.0, -2, -10, 8], [-2, 17, -4, 1], [-10, -4, 17, -9], [8, 1, -9, 11]]))]
    m = rng.standard_normal((6, 6))
    matrices.append(("spd6", m @ m.T + 6 * np.eye(6)))
    cases = []
    for name, a in matrices:
        lu, piv, info = lapack.dgetrf(a)
        anorm = np.linalg.norm(a, 1)
        rcond, info = lapack.dgecon(lu, anorm, norm="1")
        case = {"name": name, "a": [json_number(v) for v in a.ravel()], "n": a.shape[0], "dgecon": json_number(rcond)}
        try:
            case["exact"] = json_number(1.0 / (anorm * np.linalg.norm(np.linalg.inv(a), 1)))
        except np.linalg.LinAlgError:
            pass
        c, info = lapack.dpotrf(a, lower=0)
        if info == 0 and np.allclose(a, a.T):
            r, info = lapack.dpocon(c, anorm, uplo="U")
            case["dpocon"] = json_number(r)
        cases.append(case)
    with open(OUT, "w") as f:
        json.dump({"generator": "Tools/references/conditioning.py", "numpy": np.__version__,
                   "scipy": scipy.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
