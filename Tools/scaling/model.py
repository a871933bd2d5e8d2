"""The scaling model of docs/SCALING.md: calibrated on Tools/scaling/measurements.json (from
measure.py), checked against the 2-rank measurements, projected to 16, 64 and 256 nodes on two
interconnects, and drawn as docs/scaling.svg. Prints the tables the document quotes.
Usage: python Tools/scaling/model.py
"""
import json
import math
import pathlib

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
# Fixed ids in the SVG (matplotlib salts them randomly): the same measurements give the same bytes.
matplotlib.rcParams["svg.hashsalt"] = "descent-scaling"

root = pathlib.Path(__file__).resolve().parents[2]
m = json.loads((root / "Tools" / "scaling" / "measurements.json").read_text())
alpha, beta = m["latency_seconds"], m["bandwidth_bytes_per_second"]
runs = {(r["problem"], r["mode"], r["ranks"]): r for r in m["runs"]}
D_MEASURED, DEGREE = 20, 8  # the scale check's features and in-links per node


def allreduce(p, nbytes, a, b):
    """Ring allreduce (reduce-scatter + allgather) with a log-depth latency term."""
    return 0.0 if p == 1 else 2 * math.ceil(math.log2(p)) * a + 2 * (p - 1) / p * nbytes / b


def allgather(p, total_bytes, a, b):
    """Ring allgather(v) of a vector of total_bytes split over p ranks."""
    return 0.0 if p == 1 else (p - 1) * a + (p - 1) / p * total_bytes / b


# Calibration: compute rates from one rank (no communication at all on one rank).
# Logistic regression is timed per evaluation of f and ∇f (each is one allreduce): the measured runs
# end in line searches at round-off (many evaluations per iteration), which the projection should not
# inherit; it assumes EVALUATIONS per L-BFGS iteration (the unit step is almost always accepted).
EVALUATIONS = 1.1


def per_evaluation(r):
    return r["seconds_per_iteration"] * r["iterations"] / r["evaluations"]


one = runs[("logistic", "strong", 1)]
rate_logistic = per_evaluation(one) / (one["n"] * D_MEASURED)  # s per row·feature·evaluation
onep = runs[("pagerank", "strong", 1)]
rate_pagerank = onep["seconds_per_iteration"] / (onep["n"] * DEGREE)  # s per edge (incl. per-node work)


# The development machine has 2 cores shared by other jobs (load average ~6 during the runs), so two
# ranks do not get two cores. The effective number of cores the 2-rank job received is fitted from
# each problem's strong-scaling run (c = compute time on one rank / (2-rank time − communication));
# the weak-scaling 2-rank run is then an independent check. The projection assumes one dedicated
# core per rank (c = P).


def logistic_iteration(p, rows, d, a, b, e=EVALUATIONS, rate=rate_logistic, cores=None):
    compute = rate * rows * d * e / (cores or p)
    # Rank-ordered sums gather P·(d + 1) numbers; MPI's own allreduce moves ~2(d + 1): the model takes
    # the larger (allgather) at small P, where both are latency-bound anyway.
    comm = e * allreduce(p, 8 * (d + 1), a, b)
    return compute, comm


def pagerank_iteration(p, nodes, edges, a, b, rate=rate_pagerank, cores=None):
    compute = rate * edges / (cores or p)
    comm = allgather(p, 8 * nodes, a, b) + allreduce(p, 16, a, b)
    return compute, comm


print(f"alpha = {alpha * 1e6:.2f} us, beta = {beta / 1e9:.2f} GB/s (loopback, shared memory)")
print(f"logistic: {rate_logistic * 1e9:.3f} ns per row-feature-evaluation")
print(f"pagerank: {rate_pagerank * 1e9:.2f} ns per edge")
strong2 = {"logistic": per_evaluation(runs[("logistic", "strong", 2)]), "pagerank": runs[("pagerank", "strong", 2)]["seconds_per_iteration"]}
effective = {
    "logistic": per_evaluation(one) / (strong2["logistic"] - logistic_iteration(2, one["n"], D_MEASURED, alpha, beta, e=1)[1]),
    "pagerank": onep["seconds_per_iteration"] / (strong2["pagerank"] - pagerank_iteration(2, onep["n"], onep["n"] * DEGREE, alpha, beta)[1]),
}
print(f"effective cores of the 2-rank jobs (fitted from the strong runs): logistic {effective['logistic']:.2f}, pagerank {effective['pagerank']:.2f}")
print("\n| problem | mode | ranks | n | unit | measured | model (c cores) | model comm | bytes per unit (rank 0) |")
print("|---|---|---|---|---|---|---|---|---|")
for (problem, mode, ranks), r in sorted(runs.items()):
    cores = 1 if ranks == 1 else effective[problem]
    if problem == "logistic":
        compute, comm = logistic_iteration(ranks, r["n"], D_MEASURED, alpha, beta, e=1, cores=cores)
        measured, unit = per_evaluation(r), "evaluation"
        sent = r["bytes_per_iteration"] * r["iterations"] // max(r["evaluations"], 1)
    else:
        compute, comm = pagerank_iteration(ranks, r["n"], r["n"] * DEGREE, alpha, beta, cores=cores)
        measured, unit, sent = r["seconds_per_iteration"], "iteration", r["bytes_per_iteration"]
    print(f"| {problem} | {mode} | {ranks} | {r['n']:,} | {unit} | {measured * 1e3:.2f} ms | "
          f"{(compute + comm) * 1e3:.2f} ms | {comm * 1e6:.1f} µs | {sent:,} |")

networks = {"25 GbE (α = 15 µs, β = 2.8 GB/s)": (15e-6, 2.8e9), "100 Gb InfiniBand (α = 1.5 µs, β = 11 GB/s)": (1.5e-6, 11e9)}
LOGISTIC = dict(rows=10**9, d=100, iterations=200)
PAGERANK = dict(nodes=10**8, edges=10**9, iterations=100)
nodes_list = [16, 64, 256]
# One rank per node computing on one core (the measured rate): a conservative bound. With k cores
# per node working on the shard the compute column divides by up to k, so the last column gives the
# communication share with 32-way compute per node.
print("\n| problem | network | nodes | iterations | compute/iter | comm/iter | time/iter | total | comm share | comm share, 32 cores/node |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name, (a, b) in networks.items():
    for p in nodes_list:
        c, k = logistic_iteration(p, LOGISTIC["rows"], LOGISTIC["d"], a, b)
        print(f"| logistic 10⁹×{LOGISTIC['d']} | {name.split(' (')[0]} | {p} | {LOGISTIC['iterations']} | {c:.3g} s | {k * 1e3:.3g} ms | "
              f"{c + k:.3g} s | {(c + k) * LOGISTIC['iterations']:.3g} s | {k / (c + k):.1%} | {k / (c / 32 + k):.1%} |")
    for p in nodes_list:
        c, k = pagerank_iteration(p, PAGERANK["nodes"], PAGERANK["edges"], a, b)
        print(f"| PageRank 10⁹ edges | {name.split(' (')[0]} | {p} | {PAGERANK['iterations']} | {c * 1e3:.3g} ms | {k * 1e3:.3g} ms | "
              f"{(c + k) * 1e3:.3g} ms | {(c + k) * PAGERANK['iterations']:.3g} s | {k / (c + k):.1%} | {k / (c / 32 + k):.1%} |")

# The plot: time per iteration against nodes, compute and communication apart.
ps = [2 ** i for i in range(0, 9)]
figure, axes = plt.subplots(1, 2, figsize=(11, 4.8))
for axis, title, model, args in [
        (axes[0], "L-BFGS logistic regression, 10⁹ rows × 100", logistic_iteration, (LOGISTIC["rows"], LOGISTIC["d"])),
        (axes[1], "PageRank, 10⁹ edges, 10⁸ nodes", pagerank_iteration, (PAGERANK["nodes"], PAGERANK["edges"]))]:
    axis.plot(ps, [model(p, *args, 1, 1e30)[0] for p in ps], "k-", label="compute (calibrated, 1 core per node)")
    for (name, (a, b)), style in zip(networks.items(), ["C0", "C3"]):
        axis.plot(ps[1:], [model(p, *args, a, b)[1] for p in ps[1:]], "--", color=style, label=f"communication, {name}")
        axis.plot(ps, [sum(model(p, *args, a, b)) for p in ps], "-", color=style, alpha=0.6, label=f"total, {name.split(' (')[0]}")
    axis.set_xscale("log", base=2)
    axis.set_yscale("log")
    axis.set_xlabel("nodes P")
    axis.set_ylabel("seconds per iteration")
    axis.set_title(title, fontsize=10)
    axis.grid(True, which="both", alpha=0.3)
# One legend for both panels, below them, where it cannot cover a curve.
handles, labels = axes[0].get_legend_handles_labels()
figure.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False)
figure.tight_layout(rect=(0, 0.12, 1, 1))
figure.savefig(root / "docs" / "scaling.svg", metadata={"Date": None})
print("\nwrote docs/scaling.svg")
