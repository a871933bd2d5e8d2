"""Reference values for DescentCore's dense linear algebra, from NumPy/LAPACK and SciPy.

Writes Tests/DescentCoreTests/References/linalg.json. Deterministic (fixed seeds). Every matrix is
stored flat (row-major) with its shape under "<key>_shape", so empty matrices round-trip.
Conventions applied here so tests can compare directly:
  * general eigenvalues sorted by descending real part, then descending imaginary part;
  * eigenvectors/singular vectors are *not* normalized here: the Swift tests compare them
    sign- or phase-invariantly and check the defining invariants.
"""
import json
import os

import numpy as np
import scipy.linalg
from reference_json import json_number  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentCoreTests", "References", "linalg.json")


enc = json_number


def put(case, key, array):
    array = np.asarray(array, dtype=float)
    case[key] = [enc(v) for v in array.ravel()]
    case[key + "_shape"] = list(array.shape)


def hilbert(n):
    return np.array([[1.0 / (i + j + 1) for j in range(n)] for i in range(n)])


def square_matrices():
    rng = np.random.default_rng(20261122)
    cases = [("n0", np.zeros((0, 0)))]
    for n in (1, 2, 3, 8, 30):
        cases.append((f"random{n}", rng.standard_normal((n, n))))
    cases.append(("worked", np.array([[4.0, 1.0], [2.0, 3.0]])))
    cases.append(("hilbert8", hilbert(8)))
    low = rng.standard_normal((4, 2)) @ rng.standard_normal((2, 4))
    cases.append(("rankDeficient4", low))
    cases.append(("zero3", np.zeros((3, 3))))
    cases.append(("rotation2", np.array([[0.0, -1.0], [1.0, 0.0]])))  # eigenvalues ±i
    return cases, rng


def rectangular_matrices(rng):
    cases = []
    for (m, n) in ((5, 3), (3, 5), (1, 4), (4, 1), (0, 3), (3, 0), (30, 8), (1, 1)):
        cases.append((f"random{m}x{n}", rng.standard_normal((m, n))))
    cases.append(("rankDeficient6x4", rng.standard_normal((6, 2)) @ rng.standard_normal((2, 4))))
    cases.append(("zero2x3", np.zeros((2, 3))))
    cases.append(("hilbert8", hilbert(8)))
    return cases


def square_case(name, a, rng):
    n = a.shape[0]
    case = {"name": name}
    put(case, "a", a)
    sign, logabs = np.linalg.slogdet(a) if n > 0 else (1.0, 0.0)
    case["det"] = enc(np.linalg.det(a) if n > 0 else 1.0)
    case["slogdet_sign"] = enc(sign)
    case["slogdet_logabs"] = enc(logabs)
    singular = n > 0 and np.linalg.matrix_rank(a) < n
    case["singular"] = bool(singular)
    b = rng.standard_normal(n)
    bb = rng.standard_normal((n, 2))
    put(case, "b", b)
    put(case, "bb", bb)
    if not singular:
        put(case, "inv", np.linalg.inv(a) if n > 0 else np.zeros((0, 0)))
        put(case, "x", np.linalg.solve(a, b) if n > 0 else np.zeros(0))
        put(case, "xx", np.linalg.solve(a, bb) if n > 0 else np.zeros((0, 2)))
        case["cond"] = enc(np.linalg.cond(a)) if n > 0 else "nan"
    # General eigenvalues, sorted by descending real part then descending imaginary part.
    w = np.linalg.eigvals(a) if n > 0 else np.zeros(0, dtype=complex)
    w = sorted(w, key=lambda z: (-z.real, -z.imag))
    case["eig_re"] = [enc(z.real) for z in w]
    case["eig_im"] = [enc(z.imag) for z in w]
    case["spectral_radius"] = enc(max([abs(z) for z in w], default=0.0))
    # Symmetric part for eigh (lower triangle is what both read).
    s = (a + a.T) / 2
    put(case, "sym", s)
    ws, vs = np.linalg.eigh(s) if n > 0 else (np.zeros(0), np.zeros((0, 0)))
    put(case, "eigh_values", ws)
    put(case, "eigh_vectors", vs)
    # A symmetric positive-definite matrix built from a.
    p = a.T @ a + n * np.eye(n) if name != "hilbert8" else a
    put(case, "spd", p)
    put(case, "cholesky", np.linalg.cholesky(p) if n > 0 else np.zeros((0, 0)))
    case["spd_logdet"] = enc(np.linalg.slogdet(p)[1] if n > 0 else 0.0)
    case["spd_cond"] = enc(np.linalg.cond(p) if n > 0 else 1.0)
    if n <= 12:
        case["poly"] = [enc(c) for c in np.poly(a)] if n > 0 else [1.0]
    return case


def rectangular_case(name, a, rng):
    m, n = a.shape
    k = min(m, n)
    case = {"name": name}
    put(case, "a", a)
    if k > 0:
        u, s, vt = np.linalg.svd(a, full_matrices=False)
        q, r = np.linalg.qr(a, mode="reduced")
    else:
        u, s, vt = np.zeros((m, 0)), np.zeros(0), np.zeros((0, n))
        q, r = np.zeros((m, 0)), np.zeros((0, n))
    put(case, "u", u)
    put(case, "s", s)
    put(case, "vt", vt)
    put(case, "q", q)
    put(case, "r", r)
    case["rank"] = int(np.linalg.matrix_rank(a)) if k > 0 else 0
    put(case, "pinv", np.linalg.pinv(a) if k > 0 else np.zeros((n, m)))
    norms = {}
    for key, order in (("1", 1), ("2", 2), ("inf", np.inf), ("fro", "fro"), ("nuc", "nuc")):
        norms[key] = enc(np.linalg.norm(a, order)) if k > 0 else 0.0
    case["norms"] = norms
    if k > 0:
        case["cond"] = enc(np.linalg.cond(a))
    # Null space: compare the orthogonal projector N·Nᵀ, which does not depend on the basis chosen.
    if n > 0:
        ns = scipy.linalg.null_space(a) if m > 0 else np.eye(n)
        put(case, "null_projector", ns @ ns.T)
        case["nullity"] = ns.shape[1]
    b = rng.standard_normal(m)
    put(case, "b", b)
    if k > 0:
        x, _, rank, sv = np.linalg.lstsq(a, b, rcond=None)
    else:
        x, rank, sv = np.zeros(n), 0, np.zeros(0)
    put(case, "lstsq_x", x)
    case["lstsq_rss"] = enc(np.sum((b - a @ x) ** 2))
    case["lstsq_rank"] = int(rank)
    put(case, "lstsq_s", sv)
    return case


def main():
    squares, rng = square_matrices()
    data = {
        "generator": "Tools/references/linalg.py",
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "square": [square_case(name, a, rng) for name, a in squares],
        "rectangular": [rectangular_case(name, a, rng) for name, a in rectangular_matrices(rng)],
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
