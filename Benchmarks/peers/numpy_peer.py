"""NumPy/SciPy side of the Descent benchmarks.

Usage: numpy_peer.py run <case> <data-dir> <repeats> <warmup>   -> one JSON line on stdout
       numpy_peer.py info                                       -> BLAS libraries and threads

Each case reads the same raw little-endian files as the Swift runner (written by
`DescentBenchmarks prepare`, described by manifest.json) and times the idiomatic NumPy/SciPy call.
Timing mirrors the Swift side: `warmup` untimed calls, then `repeats` timed calls with
time.perf_counter; each result is released before the next call, and a checksum of the last
result is reported so the driver can confirm both sides computed the same thing.
"""
import json
import os
import sys
import time

import numpy as np


def peak_rss_mib():
    """VmHWM from /proc/self/status (the resident-set high-water mark), in MiB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return -1


def result_json(name, timing):
    return {"case": name, "available": True, "times_ms": timing.times, "cpu_ms": timing.cpu_times,
            "check": timing.check, "peak_rss_mib": peak_rss_mib()}


class Data:
    def __init__(self, directory):
        self.directory = directory
        with open(os.path.join(directory, "manifest.json")) as f:
            self.arrays = json.load(f)["arrays"]

    def __call__(self, name):
        entry = self.arrays[name]
        values = np.fromfile(os.path.join(self.directory, entry["file"]), dtype="<" + ("f8" if entry["dtype"] == "float64" else "i8"))
        return values.reshape(entry["shape"])


class Timing:
    """Wall-clock and CPU (user + system, all threads: time.process_time) ms per timed call, and a checksum."""
    def __init__(self):
        self.times, self.cpu_times, self.check = [], [], 0.0

    def scaled(self, factor):
        self.times = [t * factor for t in self.times]
        self.cpu_times = [t * factor for t in self.cpu_times]
        return self


def timed(repeats, warmup, operation, check):
    timing = Timing()
    for iteration in range(warmup + repeats):
        cpu_start = time.process_time()
        start = time.perf_counter()
        result = operation()
        end = time.perf_counter()
        cpu_end = time.process_time()
        if iteration >= warmup:
            timing.times.append((end - start) * 1e3)
            timing.cpu_times.append((cpu_end - cpu_start) * 1e3)
        timing.check = float(check(result))
        del result
    return timing


def case_noop(d, r, w):
    return timed(r, w, lambda: 0.0, lambda v: v)


def case_matmul(n):
    def run(d, r, w):
        a, b = d(f"matmul{n}_a"), d(f"matmul{n}_b")
        return timed(r, w, lambda: a @ b, np.sum)
    return run


def case_eigh_1000(d, r, w):
    a = d("eigh1000_a")
    return timed(r, w, lambda: np.linalg.eigh(a), lambda res: res[0].max())


def case_eig_500(d, r, w):
    a = d("eig500_a")
    return timed(r, w, lambda: np.linalg.eig(a), lambda res: np.abs(res[0]).sum())


def case_svd_1000x500(d, r, w):
    a = d("svd1000x500_a")
    return timed(r, w, lambda: np.linalg.svd(a, full_matrices=False), lambda res: res[1].sum())


def case_solve_2000(d, r, w):
    a, b = d("solve2000_a"), d("solve2000_b")
    return timed(r, w, lambda: np.linalg.solve(a, b), np.sum)


def case_lstsq_4000x500(d, r, w):
    a, b = d("lstsq4000x500_a"), d("lstsq4000x500_b")
    return timed(r, w, lambda: np.linalg.lstsq(a, b, rcond=None), lambda res: res[0].sum())


def case_exp_1e7(d, r, w):
    x = d("exp_x")
    return timed(r, w, lambda: np.exp(x), np.sum)


def case_axpy_1e7(d, r, w):
    x, y = d("axpy_x"), d("axpy_y")
    return timed(r, w, lambda: 0.5 * x + y, np.sum)


def case_axpy_inplace_1e7(d, r, w):
    from scipy.linalg.blas import daxpy
    x, y = d("axpy_x"), d("axpy_y")
    # daxpy updates y in place when y is a contiguous float64 array (as here) and returns it.
    timing = timed(r, w, lambda: daxpy(x, y, a=0.5), lambda res: 0.0)
    timing.check = float(y.sum())
    return timing


def case_csr_matvec_1e7(d, r, w):
    import scipy.sparse as sp
    indptr, indices, values, x = d("csr_indptr"), d("csr_indices"), d("csr_values"), d("csr_x")
    n = indptr.size - 1
    # scipy stores the indices as int32 when they fit (it does here), as any user would get.
    a = sp.csr_matrix((values, indices, indptr), shape=(n, x.size))
    del indptr, indices, values  # as on our side, only the matrix's own arrays stay alive
    return timed(r, w, lambda: a @ x, np.sum)


def case_csv_read_3000(d, r, w):
    path = os.path.join(d.directory, "csv3000.csv")
    return timed(r, w, lambda: np.loadtxt(path, delimiter=",", dtype=np.float64), np.sum)


CASES = {
    "noop": case_noop,
    "csv_read_3000": case_csv_read_3000,
    "matmul_1024": case_matmul(1024),
    "matmul_2048": case_matmul(2048),
    "eigh_1000": case_eigh_1000,
    "eig_500": case_eig_500,
    "svd_1000x500": case_svd_1000x500,
    "solve_2000": case_solve_2000,
    "lstsq_4000x500": case_lstsq_4000x500,
    "exp_1e7": case_exp_1e7,
    "axpy_1e7": case_axpy_1e7,
    "axpy_inplace_1e7": case_axpy_inplace_1e7,
    "csr_matvec_1e7": case_csr_matvec_1e7,
}


def info():
    from threadpoolctl import threadpool_info
    import scipy
    libraries = [{k: v for k, v in lib.items() if k in ("internal_api", "version", "architecture", "num_threads", "threading_layer", "filepath")}
                 for lib in threadpool_info()]
    return {"numpy": np.__version__, "scipy": scipy.__version__, "libraries": libraries}


def serve(cases, info, argv=None, usage="usage: <peer>.py run <case> <data-dir> <repeats> <warmup> | info"):
    """The peer protocol shared by every peer script: `info` prints the runtime's description,
    `run <case> <data-dir> <repeats> <warmup>` prints one JSON line with the case's timing (and its
    `details`, when the case records iterations or final values)."""
    argv = sys.argv if argv is None else argv
    if len(argv) == 2 and argv[1] == "info":
        print(json.dumps(info()))
    elif len(argv) == 6 and argv[1] == "run":
        name = argv[2]
        if name not in cases:
            print(json.dumps({"case": name, "available": False}))
            return
        timing = cases[name](Data(argv[3]), int(argv[4]), int(argv[5]))
        result = result_json(name, timing)
        details = getattr(timing, "details", None)
        if details:
            result["details"] = {k: float(v) for k, v in details.items()}
        print(json.dumps(result))
    else:
        sys.exit(usage)


def numpy_info():
    import scipy.linalg  # noqa: F401  (load SciPy's BLAS so threadpoolctl sees it too)
    return info()


if __name__ == "__main__":
    serve(CASES, numpy_info, usage=__doc__)
