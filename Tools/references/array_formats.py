"""Fixtures for DescentCore's .npy and Matrix Market readers and writers, written by NumPy and SciPy.

Writes (committed; small):
  * Tests/DescentCoreTests/References/npy/<case>.npy: np.save of each array below (every dtype the
    reader supports, both byte orders, C and Fortran order, versions 1.0/2.0/3.0, 0-d to 3-d), plus
    a few broken files (bad magic, truncated, complex, object) made from valid ones;
  * Tests/DescentCoreTests/References/mtx/<case>.mtx: scipy.io.mmwrite of each matrix below, and
    hand-written files for what mmwrite never produces (skew-symmetric, pattern, comments, CRLF);
  * Tests/DescentCoreTests/References/array_formats.json: for each fixture, the shape and the values
    as float64 in row-major order, as NumPy/SciPy read them back (np.load, scipy.io.mmread).

The writer test compares our bytes with `float64_c_2x3.npy` and the others written by np.save for the
same arrays, so no test needs Python. Run with the reference venv:
    python Tools/references/array_formats.py
"""
import io
import json
import os

import numpy as np
import scipy
import scipy.io
import scipy.sparse as sp

from reference_json import json_number

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
REFERENCES = os.path.join(ROOT, "Tests", "DescentCoreTests", "References")
NPY = os.path.join(REFERENCES, "npy")
MTX = os.path.join(REFERENCES, "mtx")


def flat(array):
    array = np.asarray(array, dtype=np.float64)
    return {"shape": list(array.shape), "values": [json_number(v) for v in array.ravel(order="C")]}


def npy_cases():
    base = np.array([[1.5, -2.0, 0.1], [4.0, 1e300, -0.0]])
    small = np.array([[1, -2, 3], [-4, 5, -6]])
    cases = {
        # What our writer must reproduce byte for byte (little-endian float64, C order, v1.0).
        "float64_c_2x3": (base, {}),
        "float64_vector": (np.array([0.25, -1.0, 3.0, 7.5]), {}),
        "float64_scalar": (np.array(2.5), {}),
        "float64_empty": (np.zeros((0, 3)), {}),
        "float64_long_first_axis": (np.zeros((12345, 0)), {}),   # 5 digits in the growth padding, no data
        # Every dtype and byte order the reader supports.
        "float64_big": (base.astype(">f8"), {}),
        "float32": (np.array([[1.5, -2.25], [3.0e-3, 1e30]], dtype="<f4"), {}),
        "float32_big": (np.array([[1.5, -2.25], [3.0e-3, 1e30]], dtype=">f4"), {}),
        "int8": (small.astype("i1"), {}),
        "int16_big": (small.astype(">i2"), {}),
        "int32": (small.astype("<i4"), {}),
        "int64": (np.array([[2**53, -(2**53)], [7, -1]], dtype="<i8"), {}),
        "int64_big": (small.astype(">i8"), {}),
        "uint8": (np.array([[0, 255], [17, 128]], dtype="u1"), {}),
        "uint16": (np.array([[0, 65535], [17, 1]], dtype="<u2"), {}),
        "uint32_big": (np.array([[0, 4294967295], [17, 1]], dtype=">u4"), {}),
        "uint64": (np.array([[0, 2**53], [17, 1]], dtype="<u8"), {}),
        "bool": (np.array([[True, False, True], [False, False, True]]), {}),
        # Memory order and dimensions.
        "float64_fortran": (np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3) * 1.5), {}),
        "int32_fortran_3d": (np.asfortranarray(np.arange(24, dtype="<i4").reshape(2, 3, 4)), {}),
        "float64_3d": (np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 8, {}),
        # Format versions.
        "version_2": (base, {"version": (2, 0)}),
        "version_3": (base, {"version": (3, 0)}),
        # Refused: not a real-number array.
        "complex": (np.array([1 + 2j, 3 - 1j]), {}),
        "object": (np.array([1, "a", None], dtype=object), {"allow_pickle": True}),
        "float16": (np.array([1.0, 2.0], dtype="<f2"), {}),
        "int64_inexact": (np.array([2**53 + 1], dtype="<i8"), {}),
        "structured": (np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]), {}),
    }
    reference = {}
    for name, (array, options) in cases.items():
        buffer = io.BytesIO()
        version = options.get("version")
        if version is None:
            np.save(buffer, array, allow_pickle=options.get("allow_pickle", False))
        else:
            np.lib.format.write_array(buffer, array, version=version)
        data = buffer.getvalue()
        with open(os.path.join(NPY, name + ".npy"), "wb") as f:
            f.write(data)
        if array.dtype.kind in "fiub" and array.dtype.names is None and array.dtype.itemsize in (1, 2, 4, 8) \
                and array.dtype != np.float16 and name != "int64_inexact":
            loaded = np.load(io.BytesIO(data))
            reference[name] = flat(loaded)
    # Broken files made from a valid one.
    good = open(os.path.join(NPY, "float64_c_2x3.npy"), "rb").read()
    broken = {
        "bad_magic": b"\x93NUMPZ" + good[6:],
        "truncated_data": good[:-5],
        "truncated_header": good[:40],
        "extra_data": good + b"\x00" * 8,
        "version_9": good[:6] + b"\x09\x00" + good[8:],
        "bad_header": good.replace(b"'fortran_order': False", b"'fortran_order': Nope "),
        "missing_key": good.replace(b"'fortran_order': False, ", b"                        "),
    }
    for name, data in broken.items():
        with open(os.path.join(NPY, name + ".npy"), "wb") as f:
            f.write(data)
    return reference


def mtx_cases():
    rng = np.random.default_rng(7)
    dense = np.array([[1.5, 0, 0, 2], [0, 0, -3.25, 0], [0.1, 4, 0, 0]])
    sym = np.array([[4.0, 1, 0], [1, 3, -2], [0, -2, 5]])
    random_sparse = sp.random(20, 15, density=0.2, random_state=np.random.RandomState(3), format="csr")
    cases = {
        "coordinate_real_general": (sp.csr_matrix(dense), {}),
        "coordinate_real_symmetric": (sp.csr_matrix(sym), {"symmetry": "symmetric"}),
        "coordinate_integer_general": (sp.csr_matrix(np.array([[1, 0, -7], [0, 12, 0]], dtype=np.int64)), {}),
        "coordinate_random": (random_sparse, {}),
        "array_real_general": (dense, {}),
        "array_real_symmetric": (sym, {"symmetry": "symmetric"}),
        "array_integer_general": (np.array([[1, -2], [3, 40], [5, 6]], dtype=np.int64), {}),
    }
    reference = {}
    for name, (matrix, options) in cases.items():
        path = os.path.join(MTX, name + ".mtx")
        scipy.io.mmwrite(path, matrix, **options)
        loaded = scipy.io.mmread(path)
        reference[name] = flat(loaded.toarray() if sp.issparse(loaded) else loaded)
        reference[name]["sparse"] = sp.issparse(loaded)
        if sp.issparse(loaded):
            reference[name]["nnz"] = int(sp.csr_matrix(loaded).nnz)
    # Written by hand: what mmwrite does not produce.
    hand = {
        "coordinate_pattern_symmetric": "%%MatrixMarket matrix coordinate pattern symmetric\n% a path graph\n3 3 3\n2 1\n3 2\n3 3\n",
        "coordinate_real_skew": "%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1.5\n3 1 -2\n",
        "array_real_skew": "%%MatrixMarket matrix array real skew-symmetric\n3 3\n1\n2\n3\n",
        "comments_crlf": "%%MatrixMarket matrix coordinate real general\r\n%comment one\r\n\r\n% comment two\r\n2 2 2\r\n1 1 1e-3\r\n\r\n2 2 -4.5E2\r\n",
        "duplicates": "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n1 1 2.5\n2 1 -1\n",
    }
    for name, text in hand.items():
        path = os.path.join(MTX, name + ".mtx")
        with open(path, "w", newline="") as f:
            f.write(text)
        loaded = scipy.io.mmread(path)
        reference[name] = flat(loaded.toarray() if sp.issparse(loaded) else loaded)
        reference[name]["sparse"] = sp.issparse(loaded)
    return reference


def main():
    os.makedirs(NPY, exist_ok=True)
    os.makedirs(MTX, exist_ok=True)
    reference = {"numpy_version": np.__version__, "scipy_version": scipy.__version__,
                 "npy": npy_cases(), "mtx": mtx_cases()}
    with open(os.path.join(REFERENCES, "array_formats.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
