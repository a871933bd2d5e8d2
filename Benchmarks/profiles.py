"""Dolan–Moré performance profiles of Descent's `minimize` methods beside SciPy's on the
Moré–Garbow–Hillstrom problems and the large-scale set (`make profiles`, or
`bash Benchmarks/run.sh --profiles`).

For each problem set it runs `DescentBenchmarks profiles run` (every method in `profileSolvers`,
Benchmarks/Sources/DescentBenchmarks/PerformanceProfiles.swift) and peers/scipy_profile_peer.py (SciPy's
L-BFGS-B, BFGS, CG, Newton-CG, trust-ncg, trust-exact, trust-krylov with exact JAX derivatives) from the
same starts, then writes Benchmarks/results/profiles-<set>.md (tables) and profiles-<set>-evaluations.svg
and profiles-<set>-time.svg (drawn by `DescentBenchmarks profiles plot` with DescentPlot).

Solved (Moré and Wild's function-value test, with a scale cap): let f₀ = f(x₀) and f_L the smallest
value any solver (either side) reached on the problem. A run is solved when its final f satisfies

    f − f_L ≤ τ · min(f₀ − f_L, max(1, |f_L|)),   τ = 10⁻⁶ by default (--tau).

The first term is Moré–Wild's test f₀ − f ≥ (1 − τ)(f₀ − f_L); the cap max(1, |f_L|) keeps it from
accepting 3-digit answers where f₀ is huge (Meyer: f₀ ≈ 1.7·10⁹). A small gradient alone does not count:
it would credit stopping at a saddle or a worse local minimum. When every solver ends at the same local
minimum (Freudenstein–Roth) that minimum is f_L, so all of them solve it; the known global f* is shown
in the tables for reference.

The tables also set each Descent method beside its SciPy counterpart (HEAD_TO_HEAD, COUNTERPARTS):
solved counts, ρ(1) and ρ(2) among all solvers, and ρ(1) and ρ(2) of the profile of the two alone.

Performance ratio r_{p,s} = cost_{p,s} / min_s cost_{p,s} over the solvers that solved p (∞ if s did not);
the profile is ρ_s(τ) = |{p : r_{p,s} ≤ τ}| / |P|. Costs: function evaluations (a value-and-gradient call
counts as one) and wall time in seconds.

References: E. D. Dolan and J. J. Moré, "Benchmarking optimization software with performance profiles",
Math. Program. 91, 2002; J. J. Moré and S. M. Wild, "Benchmarking derivative-free optimization
algorithms", SIAM J. Optim. 20(1), 2009.
"""
import argparse
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Descent method ↔ its SciPy counterpart (for the "loses to" table); gd and bb have none in SciPy.
COUNTERPARTS = {"cg": "CG", "bfgs": "BFGS", "lbfgs": "L-BFGS-B", "newton-cg": "Newton-CG", "trust-region": "trust-ncg",
                "trust-region-dogleg": "trust-exact", "newton": "trust-exact",
                "trust-region-exact": "trust-exact", "trust-region-krylov": "trust-krylov"}

# The pairs of the "Head to head" table: each Descent method and the SciPy method of the same kind.
HEAD_TO_HEAD = ["cg", "lbfgs", "bfgs", "newton-cg", "trust-region", "trust-region-exact", "trust-region-krylov"]


# The two panels of each SVG (a profile among the panel's solvers) and each solver's colour: a Descent
# method and its SciPy counterpart share one. A Descent solver not listed here joins the second panel.
PANELS = [
    ("first-order and quasi-Newton", {"gd": 0, "bb": 1, "cg": 2, "CG": 2, "bfgs": 3, "BFGS": 3, "lbfgs": 4, "L-BFGS-B": 4}),
    ("second-order", {"newton-cg": 0, "Newton-CG": 0, "trust-region": 1, "trust-ncg": 1, "trust-exact": 2, "trust-krylov": 3,
                      "newton": 4, "trust-region-dogleg": 5, "levenberg-marquardt": 6,
                      "trust-region-exact": 2, "trust-region-krylov": 3}),
]


def number(v):
    return float(v) if not isinstance(v, str) else float(v.replace("inf", "inf"))


def load(path):
    with open(path) as fh:
        return json.load(fh)


def solved_table(problems, runs, tau):
    """{(problem, label): run} with 'solved' set, and f_L per problem."""
    by_problem = {}
    for r in runs:
        by_problem.setdefault(r["problem"], []).append(r)
    f_low = {}
    for p in problems:
        values = [number(r["f"]) for r in by_problem.get(p["name"], []) if math.isfinite(number(r["f"]))]
        known = [float(p["minimum"])] if isinstance(p.get("minimum"), (int, float)) else []
        f_low[p["name"]] = min(values) if values else (known[0] if known else math.nan)
    for r in runs:
        p = next(q for q in problems if q["name"] == r["problem"])
        f, f0, fl = number(r["f"]), p["f_start"], f_low[r["problem"]]
        r["solved"] = math.isfinite(f) and f - fl <= tau * min(f0 - fl, max(1.0, abs(fl)))
    return f_low


def label(r):
    return f"{r['solver']} ({r['side']})"


def ratios(problems, runs, cost_key):
    """{label: [r_p for each problem]} with ∞ for unsolved or missing runs."""
    labels = sorted({label(r) for r in runs}, key=lambda s: (s.endswith("(scipy)"), s))
    table = {s: [] for s in labels}
    for p in problems:
        mine = {label(r): r for r in runs if r["problem"] == p["name"]}
        costs = {s: max(float(r[cost_key]), 1e-9) for s, r in mine.items() if r["solved"]}
        best = min(costs.values()) if costs else None
        for s in labels:
            table[s].append(costs[s] / best if s in costs else math.inf)
    return table


def curves(table, count, colors):
    """Step functions ρ_s over log₂ τ for the plot, Descent's first (the palette's first 8 stay solid)."""
    finite = [r for rs in table.values() for r in rs if math.isfinite(r)]
    top = max(1.0, math.log2(max(finite))) * 1.05 if finite else 1.0
    out = []
    for s, rs in table.items():
        points = sorted(math.log2(r) for r in rs if math.isfinite(r))
        xs, ys, solved = [0.0], [sum(1 for x in points if x <= 0) / count], 0
        for x in points:
            if x <= 0:
                solved += 1
                continue
            xs += [x, x]
            ys += [solved / count, (solved + 1) / count]
            solved += 1
        xs.append(top)
        ys.append(solved / count if points else 0.0)
        name, _, side = s.rpartition(" (")
        color = colors.setdefault(name, max(colors.values(), default=-1) + 1)
        out.append({"solver": name, "side": side.rstrip(")"), "color": color, "log2_tau": xs, "fraction": ys})
    return sorted(out, key=lambda c: c["side"] != "descent")


def rho(rs, t):
    return sum(1 for r in rs if r <= t) / len(rs)


def fmt(v):
    if isinstance(v, str):
        return v
    if v == 0:
        return "0"
    return f"{v:.4g}" if abs(v) >= 1e-3 else f"{v:.3e}"


def markdown(set_name, problems, runs, f_low, tau, evaluation_table, time_table, meta):
    labels = list(evaluation_table)
    count = len(problems)
    lines = [f"# Performance profiles: {set_name}", "",
             f"{count} problems, {len(labels)} solvers; solved = f − f_L ≤ τ·min(f₀ − f_L, max(1, |f_L|)) with τ = {tau:g} "
             "(f_L: the best value any solver reached); ρ(t) = fraction of problems solved within t × the best solver's cost. "
             "Limits on both sides: ‖∇f‖∞ ≤ 1e-5 (the trust-region methods of both sides: ‖∇f‖₂, SciPy's test; SciPy Newton-CG: its step test), "
             "5000 iterations; Descent also 60 s per run. See Benchmarks/profiles.py.", "",
             f"{meta}", "",
             "## Summary", "",
             "| solver | solved | ρ(1) evals | ρ(2) evals | ρ(10) evals | ρ(1) time | ρ(10) time | total time (s) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in labels:
        mine = [r for r in runs if label(r) == s]
        solved = sum(r["solved"] for r in mine)
        total = sum(float(r["seconds"]) for r in mine)
        ev, tm = evaluation_table[s], time_table[s]
        lines.append(f"| {s} | {solved}/{count} | {rho(ev, 1):.2f} | {rho(ev, 2):.2f} | {rho(ev, 10):.2f} | "
                     f"{rho(tm, 1):.2f} | {rho(tm, 10):.2f} | {total:.2f} |")
    index = {(r["problem"], label(r)): r for r in runs}
    short = {p["name"]: p["name"].split("-", 1)[1] if p["name"].startswith(("mgh", "cutest")) else p["name"] for p in problems}
    descent = [s for s in labels if s.endswith("(descent)")]
    scipy_labels = [s for s in labels if s.endswith("(scipy)")]

    def compare(d, sc):
        """Problems SciPy solves and Descent not, both solve but Descent > 2× evaluations, Descent only."""
        fails, slow, wins = [], [], []
        for p in problems:
            a, b = index.get((p["name"], d)), index.get((p["name"], sc))
            a_solved, b_solved = a is not None and a["solved"], b is not None and b["solved"]
            if b_solved and not a_solved:
                fails.append(short[p["name"]])
            elif a_solved and b_solved and a["function_evaluations"] > 2 * b["function_evaluations"]:
                slow.append(f"{short[p['name']]} ({a['function_evaluations']} vs {b['function_evaluations']})")
            elif a_solved and not b_solved:
                wins.append(short[p["name"]])
        return fails, slow, wins

    lines += ["", "## Head to head", "",
              "Each Descent method beside its SciPy counterpart (function evaluations): problems solved, ρ(1) and ρ(2) in "
              "the profile of all solvers above, and in the profile of the two alone (a tie counts for both).", "",
              "| Descent | SciPy | solved | ρ(1) all | ρ(2) all | ρ(1) pair | ρ(2) pair |", "|---|---|---:|---:|---:|---:|---:|"]
    for d in descent:
        dname = d.rsplit(" (", 1)[0]
        sc = f"{COUNTERPARTS.get(dname)} (scipy)"
        if dname not in HEAD_TO_HEAD or sc not in scipy_labels:
            continue
        pair = ratios(problems, [r for r in runs if label(r) in (d, sc)], "function_evaluations")
        solved = [sum(r["solved"] for r in runs if label(r) == s) for s in (d, sc)]
        lines.append(f"| {dname} | {COUNTERPARTS[dname]} | {solved[0]} / {solved[1]} | "
                     f"{rho(evaluation_table[d], 1):.2f} / {rho(evaluation_table[sc], 1):.2f} | "
                     f"{rho(evaluation_table[d], 2):.2f} / {rho(evaluation_table[sc], 2):.2f} | "
                     f"{rho(pair[d], 1):.2f} / {rho(pair[sc], 1):.2f} | {rho(pair[d], 2):.2f} / {rho(pair[sc], 2):.2f} |")
    lines += ["", "## Where each Descent method loses to SciPy", "",
              "Each cell: problems SciPy's method solves and Descent's does not / problems both solve where Descent needs "
              "more than 2× SciPy's function evaluations / problems Descent solves and SciPy does not.", "",
              "| Descent \\ SciPy | " + " | ".join(sc.rsplit(" (", 1)[0] for sc in scipy_labels) + " |",
              "|---|" + "---|" * len(scipy_labels)]
    for d in descent:
        cells = []
        for sc in scipy_labels:
            fails, slow, wins = compare(d, sc)
            cells.append(f"{len(fails)} / {len(slow)} / {len(wins)}")
        lines.append(f"| {d.rsplit(' (', 1)[0]} | " + " | ".join(cells) + " |")
    lines += ["", "Against the SciPy method of the same kind and against trust-exact (SciPy's most robust here), by name:", "",
              "| Descent | SciPy | fails where SciPy solves | > 2× SciPy's evaluations | solves where SciPy fails |", "|---|---|---|---|---|"]
    for d in descent:
        dname = d.rsplit(" (", 1)[0]
        for sname in dict.fromkeys([COUNTERPARTS.get(dname), "trust-exact"]):
            sc = f"{sname} (scipy)"
            if sname is None or sc not in scipy_labels:
                continue
            fails, slow, wins = compare(d, sc)
            lines.append(f"| {dname} | {sname} | {', '.join(fails) or '—'} | {', '.join(slow) or '—'} | {', '.join(wins) or '—'} |")
    lines += ["", "## Every run: function evaluations when solved, ✗ (final f) when not", "",
              "| problem | n | f₀ | known f* | f_L | " + " | ".join(labels) + " |",
              "|---|---:|---:|---:|---:|" + "---:|" * len(labels)]
    for p in problems:
        cells = []
        for s in labels:
            r = index.get((p["name"], s))
            if r is None:
                cells.append("—")
            elif r["solved"]:
                cells.append(str(r["function_evaluations"]))
            else:
                cells.append(f"✗ {fmt(number(r['f']))}")
        known = fmt(float(p["minimum"])) if isinstance(p.get("minimum"), (int, float)) else "—"
        lines.append(f"| {short[p['name']]} | {p['n']} | {fmt(p['f_start'])} | {known} | {fmt(f_low[p['name']])} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def rerun(args, set_name, ours):
    """Reruns only the Descent solvers of --solvers and puts their runs in place of the old ones in `ours`."""
    names = args.solvers.split(",")
    print(f"profiles: Descent ({', '.join(names)}) on {set_name} ...", file=sys.stderr)
    partial = ours + ".partial"
    subprocess.run([args.ours, "profiles", "run", set_name, str(args.dimension), partial, args.solvers], check=True)
    old, new = load(ours), load(partial)
    if [p["name"] for p in old["problems"]] != [p["name"] for p in new["problems"]]:
        sys.exit(f"profiles: {ours} holds other problems than this run (another --dimension?); rerun without --solvers")
    old["runs"] = [r for r in old["runs"] if r["solver"] not in names] + new["runs"]
    with open(ours, "w") as fh:
        json.dump(old, fh, sort_keys=True)
    os.remove(partial)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ours", required=True, help="the DescentBenchmarks executable")
    parser.add_argument("--python", default=sys.executable, help="Python with numpy, scipy and jax for the SciPy side")
    parser.add_argument("--sets", default="mgh,large", help="comma-separated: mgh, large")
    parser.add_argument("--dimension", type=int, default=1000, help="n of the large-scale set (multiple of 4)")
    parser.add_argument("--tau", type=float, default=1e-6, help="the solved tolerance τ")
    parser.add_argument("--work", default=os.path.join(HERE, ".data", "profiles"), help="raw runs (git-ignored)")
    parser.add_argument("--out-dir", default=os.path.join(HERE, "results"))
    parser.add_argument("--reuse", action="store_true", help="reuse raw runs already in --work")
    parser.add_argument("--solvers", default=None,
                        help="comma-separated Descent solvers to rerun (e.g. trust-region,trust-region-exact); their runs replace "
                             "those in the --work file, the other solvers' runs there are kept (needs a previous full run)")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.out_dir, exist_ok=True)
    for set_name in args.sets.split(","):
        ours = os.path.join(args.work, f"{set_name}-descent.json")
        theirs = os.path.join(args.work, f"{set_name}-scipy.json")
        if args.solvers and os.path.exists(ours):
            rerun(args, set_name, ours)
        elif not (args.reuse and os.path.exists(ours)):
            print(f"profiles: Descent on {set_name} ...", file=sys.stderr)
            subprocess.run([args.ours, "profiles", "run", set_name, str(args.dimension), ours], check=True)
        if not (args.reuse and os.path.exists(theirs)):
            print(f"profiles: SciPy on {set_name} ...", file=sys.stderr)
            subprocess.run([args.python, os.path.join(HERE, "peers", "scipy_profile_peer.py"), ours, theirs], check=True)
        descent, scipy_side = load(ours), load(theirs)
        # An interrupted SciPy run (the peer saves after every problem) covers a prefix of the problems:
        # compare on those only, and say so.
        covered = {r["problem"] for r in scipy_side["runs"]}
        problems = [p for p in descent["problems"] if p["name"] in covered]
        runs = [r for r in descent["runs"] + scipy_side["runs"] if r["problem"] in covered]
        left_out = len(descent["problems"]) - len(problems)
        f_low = solved_table(problems, runs, args.tau)
        evaluations = ratios(problems, runs, "function_evaluations")
        times = ratios(problems, runs, "seconds")
        meta = f"SciPy {scipy_side['scipy']}, JAX {scipy_side['jax']} (derivatives jit-compiled before timing)."
        if left_out:
            meta += f" {left_out} problems left out: the SciPy run did not reach them."
        title = {"mgh": "Moré–Garbow–Hillstrom (35 problems)", "large": f"Large-scale set (n = {args.dimension})"}.get(set_name, set_name)
        report = markdown(title, problems, runs, f_low, args.tau, evaluations, times, meta)
        with open(os.path.join(args.out_dir, f"profiles-{set_name}.md"), "w") as fh:
            fh.write(report)
        short_title = {"mgh": "MGH", "large": f"n = {args.dimension}"}.get(set_name, set_name)
        for cost, unit in (("evaluations", "function evaluations"), ("time", "wall time")):
            panels = []
            for k, (family, colors) in enumerate(PANELS):
                members = {label(r) for r in runs if r["solver"] in colors or (k == len(PANELS) - 1 and r["side"] == "descent"
                                                                          and not any(r["solver"] in c for _, c in PANELS))}
                subset = [r for r in runs if label(r) in members]
                table = ratios(problems, subset, "function_evaluations" if cost == "evaluations" else "seconds")
                panels.append({"title": f"{short_title}: {family}",
                               "notes": [f"cost: {unit}; solved: f − f_L ≤ {args.tau:g}·min(f₀ − f_L, max(1, |f_L|)), f_L over all solvers;",
                                         "solid: Descent, dashed: SciPy; ratios among this panel's solvers"],
                               "curves": curves(table, len(problems), dict(colors))})
            spec = {"panels": panels}
            spec_path = os.path.join(args.work, f"{set_name}-{cost}-curves.json")
            with open(spec_path, "w") as fh:
                json.dump(spec, fh)
            subprocess.run([args.ours, "profiles", "plot", spec_path,
                            os.path.join(args.out_dir, f"profiles-{set_name}-{cost}.svg")], check=True)
        print(report)


if __name__ == "__main__":
    main()
