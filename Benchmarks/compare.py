"""Runs the Descent benchmark cases side by side with their NumPy/SciPy peers and writes the table.

Called by Benchmarks/run.sh (which builds the Swift runner in release, prepares the virtual
environment and clears the OpenBLAS overrides); see Benchmarks/README.md for the columns.

Every case runs in fresh processes, alternating ours and the peer's (ours first in even rounds,
the peer's first in odd ones), so that slow drifts of a shared machine hit both sides alike.
Each process loads the shared input files, makes `warmup` untimed calls and `repeats` timed ones,
and reports its times, a checksum of the result and its resident-set high-water mark.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers")

# (case, what ours calls, peer script, what the peer calls, repeats per process, work model)
# The work model gives the physical measure of one call: ("flops", n) or ("bytes", n).
N7 = 10_000_000
NUMPY, JAX, TORCH = "numpy_peer.py", "jax_peer.py", "torch_peer.py"
from optimize_cases import OPTIMIZE_CASES, OPTIMIZE_PEER_NAMES, details_lines  # noqa: E402
from logistic_cases import LOGISTIC_CASES, LOGISTIC_PEER_NAMES  # noqa: E402
from linear_model_cases import LINEAR_CASES, LINEAR_PEER_NAMES, linear_details_lines, linear_ratio_goal  # noqa: E402
from pca_cases import PCA_CASES, PCA_PEER_NAMES  # noqa: E402
from neural_cases import NEURAL_CASES, NEURAL_GOALS, NEURAL_PEER_NAMES  # noqa: E402
from pagerank_cases import PAGERANK_CASES, PAGERANK_FULL_CASES, PAGERANK_GOALS, PAGERANK_PEER_NAMES  # noqa: E402
from clustering_cases import CLUSTERING_CASES, CLUSTERING_CHECK_TOLERANCES, CLUSTERING_PEER_NAMES  # noqa: E402
from eigensolver_cases import EIGENSOLVER_CASES, EIGENSOLVER_FULL_CASES, EIGENSOLVER_PEER_NAMES  # noqa: E402
from neural_curvature_cases import NEURAL_CURVATURE_CASES, NEURAL_CURVATURE_GOALS, NEURAL_CURVATURE_PEER_NAMES  # noqa: E402
from kfac_cases import KFAC_CASES, KFAC_GOALS, KFAC_PEER_NAMES  # noqa: E402
CASES = [
    ("matmul_1024", "matmul(a, b)", NUMPY, "a @ b", 10, ("flops", 2 * 1024**3)),
    ("matmul_2048", "matmul(a, b)", NUMPY, "a @ b", 4, ("flops", 2 * 2048**3)),
    ("eigh_1000", "SymmetricEigen(a)", NUMPY, "np.linalg.eigh(a)", 4, None),
    ("eig_500", "Eigen(a)", NUMPY, "np.linalg.eig(a)", 4, None),
    ("svd_1000x500", "SVD(a)", NUMPY, "np.linalg.svd(a, full_matrices=False)", 4, None),
    ("solve_2000", "solve(a, b)", NUMPY, "np.linalg.solve(a, b)", 4, ("flops", 2 * 2000**3 // 3)),
    ("lstsq_4000x500", "LeastSquares(a, b)", NUMPY, "np.linalg.lstsq(a, b)", 4, None),
    ("exp_1e7", "exp(x)", NUMPY, "np.exp(x)", 10, ("bytes", 16 * N7)),
    ("axpy_1e7", "Tensor.scaledSum(a, x, y)", NUMPY, "a * x + y", 10, ("bytes", 24 * N7)),
    ("axpy_inplace_1e7", "y.addScaled(x, by: a)", NUMPY, "scipy.linalg.blas.daxpy(x, y, a=a)", 20, ("bytes", 24 * N7)),
    # per non-zero: value (8) + 32-bit column index (4, both sides) + gathered x (8); per row
    # (10 non-zeros): row offset (8) + y (8)
    ("csr_matvec_1e7", "a.multiplied(by: x)", NUMPY, "scipy.sparse.csr_matrix @ x", 10, ("bytes", 20 * N7 + 16 * N7 // 10)),
    # Parsing a 3000 × 3000 CSV of shortest round-trip numbers (≈ 180 MB), streamed from the page cache.
    ("csv_read_3000", "Tensor(contentsOfCSV:)", NUMPY, "np.loadtxt(path, delimiter=',')", 3, None),
    # Autodiff, float64 on both sides; Rosenbrock times are per call (batches of 1000 calls).
    ("rosenbrock2_vg", "valueAndGradient(of:at:)", JAX, "jax.jit(jax.value_and_grad(f))", 5, None),
    ("rosenbrock2_vg", "valueAndGradient(of:at:)", TORCH, "f(x).backward()", 5, None),
    ("logistic_vg", "valueAndGradient(of:at:)", JAX, "jax.jit(jax.value_and_grad(f))", 10, None),
    ("logistic_vg", "valueAndGradient(of:at:)", TORCH, "f(w).backward()", 10, None),
    ("tanhnet_hvp", "hessianVectorProduct(of:at:direction:)", JAX, "jax.jit(jvp(grad(f)))", 10, None),
    ("tanhnet_hvp", "hessianVectorProduct(of:at:direction:)", TORCH, "double backward", 10, None),
    ("hessian50", "hessian(of:at:)", JAX, "jax.jit(jax.hessian(f))", 10, None),
    ("hessian50", "hessian(of:at:)", TORCH, "torch.autograd.functional.hessian", 10, None),
] + OPTIMIZE_CASES + LOGISTIC_CASES + LINEAR_CASES + PCA_CASES + PAGERANK_CASES + CLUSTERING_CASES + EIGENSOLVER_CASES + NEURAL_CASES + NEURAL_CURVATURE_CASES + KFAC_CASES
PEER_NAMES = {NUMPY: "NumPy/SciPy", JAX: "JAX", TORCH: "PyTorch", **OPTIMIZE_PEER_NAMES, **LOGISTIC_PEER_NAMES, **LINEAR_PEER_NAMES, **PCA_PEER_NAMES, **PAGERANK_PEER_NAMES, **CLUSTERING_PEER_NAMES, **EIGENSOLVER_PEER_NAMES, **NEURAL_PEER_NAMES, **NEURAL_CURVATURE_PEER_NAMES, **KFAC_PEER_NAMES}



# The issues' speed goals, as the largest acceptable ours/peer time: element-wise, sparse and
# optimization work at most as slow as the peer; Rosenbrock's value and gradient faster than
# JAX and PyTorch; the logistic gradient and the tanh-network HVP within 1.3x of JAX jit; the
# 50-variable Hessian within 1.5x of jax.hessian; linear algebra within 1.1x of NumPy.
AUTODIFF_GOALS = {"rosenbrock2_vg": 1.0, "logistic_vg": 1.3, "tanhnet_hvp": 1.3, "hessian50": 1.5, **PAGERANK_GOALS, **NEURAL_GOALS, **NEURAL_CURVATURE_GOALS, **KFAC_GOALS}


def ratio_goal(case, peer_name=None):
    if linear_ratio_goal(case, peer_name) is not None:
        return linear_ratio_goal(case, peer_name)
    if case in AUTODIFF_GOALS:
        return AUTODIFF_GOALS[case]
    return 1.0 if case.startswith(("exp", "axpy", "csr", "lbfgs", "adam", "saga", "logistic_l", "pca", "spectral", "eigs_grid")) else 1.1

def run_json(command, env=None):
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine():
    model, mhz, flags = platform.processor(), None, set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "model name":
                    model = value
                elif key == "cpu MHz" and mhz is None:
                    mhz = float(value)
                elif key == "flags":
                    flags = set(value.split())
    except OSError:
        pass
    return model, mhz, flags


def nominal_flops_per_cycle(model, flags):
    """Double-precision FLOP per cycle per core from the vector width and FMA units.

    Zen 4 executes AVX-512 on two 256-bit FMA pipes (16 DP FLOP/cycle, as AVX2 on Zen 2-4 and
    Haswell-Skylake client cores); Xeon cores with two 512-bit FMA units reach 32. Unknown Intel
    AVX-512 parts are assumed to have two units (an upper bound).
    """
    if "fma" not in flags:
        return 4 if "avx" in flags else 2
    if "avx512f" in flags and "AMD" not in model:
        return 32
    return 16


def stats(times):
    return statistics.median(times), min(times)


def fmt(x):
    """Three significant digits (at least the integer part)."""
    if x is None:
        return "—"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.3g}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", required=True, help="path of the release DescentBenchmarks executable")
    parser.add_argument("--data", required=True, help="directory of the shared input files")
    parser.add_argument("--out", required=True, help="markdown file to write the table to")
    parser.add_argument("--rounds", type=int, default=3, help="alternating process pairs per case")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--cases", default="", help="comma-separated subset of case names")
    args = parser.parse_args()
    python = sys.executable
    wanted = [c for c in args.cases.split(",") if c]
    cases = [c for c in CASES + (PAGERANK_FULL_CASES + EIGENSOLVER_FULL_CASES if wanted else []) if not wanted or c[0] in wanted]
    threads = os.environ.get("OPENBLAS_NUM_THREADS", str(os.cpu_count()))

    print("preparing shared inputs ...", file=sys.stderr)
    run_json([args.ours, "prepare", args.data])
    ours_info = run_json([args.ours, "info"])
    peer_info = run_json([python, os.path.join(PEERS, NUMPY), "info"])
    extra_info, skipped = {}, []
    for script in sorted({c[2] for c in cases} - {NUMPY}):
        try:
            extra_info[script] = run_json([python, os.path.join(PEERS, script), "info"])
        except subprocess.CalledProcessError as error:
            # An optional peer (JAX, PyTorch) missing from the environment: say so, skip its rows.
            reason = (error.stderr or "").strip().splitlines()[-1:] or ["failed"]
            skipped.append(f"{PEER_NAMES[script]} rows skipped: {reason[0]}")
            print(f"  {skipped[-1]}", file=sys.stderr)
    cases = [c for c in cases if c[2] == NUMPY or c[2] in extra_info]
    load_before = os.getloadavg()

    rows = []
    baseline = {}
    # An empty case per peer script first: the resident size of each runtime on its own.
    noops = [("noop", "—", script, "—", 3, None) for script in [NUMPY] + sorted(extra_info)]
    for name, ours_call, peer_script, peer_call, repeats, work in noops + cases:
        sides = {"ours": {"times": [], "cpu": [], "rss": [], "check": None, "available": True},
                 "peer": {"times": [], "cpu": [], "rss": [], "check": None, "available": True}}
        commands = {"ours": [args.ours, "run", name, args.data, str(repeats), str(args.warmup)],
                    "peer": [python, os.path.join(PEERS, peer_script), "run", name, args.data, str(repeats), str(args.warmup)]}
        for r in range(args.rounds):
            for side in (("ours", "peer") if r % 2 == 0 else ("peer", "ours")):
                if not sides[side]["available"]:
                    continue
                result = run_json(commands[side])
                if not result["available"]:
                    sides[side]["available"] = False
                    continue
                sides[side]["times"] += result["times_ms"]
                sides[side]["cpu"] += result["cpu_ms"]
                sides[side]["rss"].append(result["peak_rss_mib"])
                sides[side]["check"] = result["check"]
                sides[side]["details"] = result.get("details") or {}
        if name == "noop":
            baseline["ours"] = max(sides["ours"]["rss"])
            baseline[PEER_NAMES[peer_script]] = max(sides["peer"]["rss"])
            continue
        row = {"case": name, "ours_call": ours_call, "peer_call": peer_call, "work": work, "peer_name": PEER_NAMES[peer_script]}
        for side, v in sides.items():
            if v["available"] and v["times"]:
                row[side] = stats(v["times"])
                row[side + "_cpu"] = statistics.median(v["cpu"])
                row[side + "_rss"] = max(v["rss"])
                row[side + "_check"] = v["check"]
                row[side + "_details"] = v.get("details") or {}
        if "ours" in row and "peer" in row:
            a, b = row["ours_check"], row["peer_check"]
            # A case whose check is not reproducible to 1e-6 states its own absolute tolerance.
            row["agree"] = abs(a - b) <= CLUSTERING_CHECK_TOLERANCES.get(name, 1e-6 * max(abs(a), abs(b), 1.0))
        rows.append(row)
        ours_ms = row.get("ours", (None,))[0]
        peer_ms = row.get("peer", (None,))[0]
        ratio = f"{ours_ms / peer_ms:.2f}" if ours_ms and peer_ms else "—"
        print(f"  {name:<18} ours {fmt(ours_ms):>8} ms   {PEER_NAMES[peer_script]:<12} {fmt(peer_ms):>8} ms   ratio {ratio}", file=sys.stderr)

    print("measuring physical limits ...", file=sys.stderr)
    limits = run_json([args.ours, "limits", threads])
    load_after = os.getloadavg()
    model, mhz, flags = machine()

    lines = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines.append(f"# Descent benchmarks ({now}, commit {commit or 'unknown'})")
    lines.append("")
    lines.append(f"Machine: {model}, {os.cpu_count()} cores visible, {platform.system()} {platform.release()}; "
                 f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after (the machine is shared, so the "
                 f"absolute times are noisy; the ratios come from alternating runs).")
    lines.append("")
    lines.append(f"Threads: OPENBLAS_NUM_THREADS={threads} on both sides; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for both.")
    lines.append(f"- ours: {ours_info['config']}, kernel {ours_info['core']}, {ours_info['threads']} BLAS threads, "
                 f"element-wise kernels on {ours_info['elementwise_threads']} threads, exp kernel {ours_info['exp_kernel']}.")
    for lib in peer_info["libraries"]:
        lines.append(f"- peer (NumPy {peer_info['numpy']}, SciPy {peer_info['scipy']}): {os.path.basename(lib['filepath'])} "
                     f"{lib['internal_api']} {lib['version']}, kernel {lib.get('architecture')}, {lib['num_threads']} threads "
                     f"({lib.get('threading_layer')}). NumPy's element-wise ufuncs are single-threaded SIMD.")
    for script, info in extra_info.items():
        details = ", ".join(f"{k} {v}" for k, v in info.items())
        lines.append(f"- peer {PEER_NAMES[script]}: {details} (float64).")
    lines.extend(f"- {note}" for note in skipped)
    lines.append("")
    lines.append(f"Median (best) of {args.rounds} alternating process pairs × the repeats per process after {args.warmup} warm-up call(s); "
                 "peak memory is the largest VmHWM of the case's processes "
                 "(baseline of an empty process: " + ", ".join(f"{k} {fmt(v)} MiB" for k, v in baseline.items()) + ").")
    lines.append("")
    lines.append("| case | ours | peer | peer call | ours ms | peer ms | ours/peer | CPU ms ours / peer | ours peak MiB | peer peak MiB | results agree |")
    lines.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|:---:|")
    for row in rows:
        o, p = row.get("ours"), row.get("peer")
        if o and p:
            goal = ratio_goal(row["case"], row["peer_name"])
            mark = "" if o[0] / p[0] <= goal else " ✗"
            ratio = f"**{o[0] / p[0]:.2f}**{mark}"
        else:
            ratio = "—"
        agree = "—" if "agree" not in row else ("yes" if row["agree"] else f"NO ({row['ours_check']:.6g} vs {row['peer_check']:.6g})")
        ours_cell = f"{fmt(o[0])} ({fmt(o[1])})" if o else "not available on this branch"
        peer_cell = f"{fmt(p[0])} ({fmt(p[1])})" if p else "—"
        cpu_cell = f"{fmt(row.get('ours_cpu'))} / {fmt(row.get('peer_cpu'))}"
        lines.append(f"| {row['case']} | `{row['ours_call']}` | {row['peer_name']} | `{row['peer_call']}` | {ours_cell} | {peer_cell} | {ratio} | {cpu_cell} | "
                     f"{fmt(row.get('ours_rss'))} | {fmt(row.get('peer_rss'))} | {agree} |")
    lines.append("")
    lines.append("## Physical limits")
    lines.append("")
    per_cycle = nominal_flops_per_cycle(model, flags)
    cores = os.cpu_count()
    if mhz:
        lines.append(f"- Nominal DP peak: {per_cycle} FLOP/cycle × {mhz / 1000:.2f} GHz (cpu MHz in /proc/cpuinfo; turbo may exceed it) = "
                     f"{per_cycle * mhz / 1000:.1f} GFLOP/s per core, {per_cycle * mhz / 1000 * cores:.1f} GFLOP/s on {cores} cores.")
    t1 = limits.get("gemm2048_gflops_1thread")
    tn = limits.get(f"gemm2048_gflops_{threads}threads")
    lines.append(f"- Measured dgemm 2048² through `matmul` (best of 3): {fmt(t1)} GFLOP/s on 1 thread"
                 + (f", {fmt(tn)} GFLOP/s on {threads} threads." if tn else "."))
    b1 = limits.get("triad_gbs_1thread")
    bn = limits.get(f"triad_gbs_{threads}threads")
    lines.append(f"- Measured STREAM triad a = b + s·c (3 × 160 MB, 24 bytes/element, best of 5): {fmt(b1)} GB/s on 1 thread"
                 + (f", {fmt(bn)} GB/s on {threads} threads." if bn else "."))
    lines.append("")
    lines.append("| case | measure | ours | peer | ours vs limit |")
    lines.append("|---|---|---:|---:|---:|")
    # Compute-bound cases against the nominal peak of all cores (or the best measured dgemm when
    # the frequency is unknown); memory-bound ones against the measured triad bandwidth.
    gemm_limit = per_cycle * mhz / 1000 * cores if mhz else max(x for x in (t1, tn) if x)
    stream_limit = max(x for x in (b1, bn) if x)
    for row in rows:
        if not row["work"]:
            continue
        kind, amount = row["work"]
        cells = []
        for side in ("ours", "peer"):
            ms = row.get(side, (None,))[0]
            cells.append(amount / (ms * 1e-3) / 1e9 if ms else None)
        limit = gemm_limit if kind == "flops" else stream_limit
        unit = "GFLOP/s" if kind == "flops" else "GB/s (effective)"
        share = f"{100 * cells[0] / limit:.0f}%" if cells[0] else "—"
        lines.append(f"| {row['case']} | {unit} | {fmt(cells[0])} | {fmt(cells[1])} | {share} |")
    lines.append("")
    lines.append("Compute-bound rows are compared with the nominal peak of all cores, memory-bound rows with the best "
                 "measured triad bandwidth; memory-bound cases count the bytes each call must move at least (reads + "
                 "writes, no write-allocate), so above 100% means part of the data stayed in cache.")
    lines.extend(details_lines(rows))
    lines.extend(linear_details_lines(rows))
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
