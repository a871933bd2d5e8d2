"""Measures the scaling study's inputs on this machine and writes Tools/scaling/measurements.json.

Runs the release build of DescentDistributedChecks under mpirun (build it first:
`swift build -c release --product DescentDistributedChecks`, or name another build in
DESCENT_CHECKS): ping-pong latency and bandwidth
on 2 ranks, then distributed L-BFGS logistic regression and PageRank on 1 and 2 ranks, strong
(the same problem) and weak (the same shard per rank). Each configuration is run REPEATS times
and the fastest run is kept (the machine is shared; the minimum is the least disturbed).
Usage: python Tools/scaling/measure.py [REPEATS]
"""
import json
import os
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parents[2]
checks = pathlib.Path(os.environ.get("DESCENT_CHECKS", root / ".build" / "release" / "DescentDistributedChecks"))
repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
environment = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_mpi_yield_when_idle="1")


def mpirun(ranks, *arguments):
    command = ["mpirun", "--oversubscribe", "-np", str(ranks), "--mca", "btl", "self,vader",
               "--mca", "oob_tcp_if_include", "lo", str(checks), *map(str, arguments)]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


pingpong = mpirun(2, "pingpong", 50)
latency = float(re.search(r"latency_us (\S+)", pingpong).group(1)) * 1e-6
bandwidth = float(re.search(r"bandwidth_MBps (\S+)", pingpong).group(1)) * 1e6
samples = [[int(b), float(s)] for b, s in re.findall(r"pingpong (\d+) (\S+)", pingpong)]

runs = []
configurations = [("logistic", 400_000, 200_000, 30), ("pagerank", 2_000_000, 1_000_000, 30)]
for problem, strong, weak, iterations in configurations:
    for mode, n in (("strong", strong), ("weak", weak)):
        for ranks in (1, 2):
            best = None
            for _ in range(repeats):
                line = re.search(r"SCALE (\{.*\})", mpirun(ranks, "scale", problem, mode, n, iterations)).group(1)
                record = json.loads(line)
                if best is None or record["seconds_per_iteration"] < best["seconds_per_iteration"]:
                    best = record
            runs.append(best)
            print(best, flush=True)

out = {"latency_seconds": latency, "bandwidth_bytes_per_second": bandwidth, "pingpong": samples, "runs": runs,
       "machine": os.uname().nodename, "cores": os.cpu_count()}
(root / "Tools" / "scaling" / "measurements.json").write_text(json.dumps(out, indent=1))
print(f"alpha = {latency * 1e6:.2f} us, beta = {bandwidth / 1e9:.2f} GB/s")
