#!/usr/bin/env bash
# Compares the BLAS/LAPACK builds Debian offers, single-threaded, on three cases of `make bench`,
# without installing anything system-wide: the packages are unpacked into a scratch directory and
# swapped in with LD_LIBRARY_PATH / LD_PRELOAD for our runner only. Prints "case variant wall-ms cpu-ms"
# per run (median of 3 calls); NumPy's bundled OpenBLAS is the reference row.
#   bash Benchmarks/tools/blas_alternatives.sh [rounds]      (after `make bench` built the runner)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-3}"
VENV="${DESCENT_BENCH_VENV:-$PWD/.venv}"
SCRATCH="${TMPDIR:-/tmp}/descent-blas-alternatives"
mkdir -p "$SCRATCH" && (cd "$SCRATCH" && apt-get download libblis4-pthread libopenblas0-openmp >/dev/null && for d in *.deb; do dpkg -x "$d" root; done)
R="$SCRATCH/root/usr/lib/x86_64-linux-gnu"
B="$(swift build -c release --show-bin-path)/DescentBenchmarks"
"$B" prepare Benchmarks/.data >/dev/null
med() { "$VENV/bin/python" -c 'import json,sys; d=json.load(sys.stdin); t=sorted(d["times_ms"]); c=sorted(d["cpu_ms"]); print("%.1f %.1f" % (t[len(t)//2], c[len(c)//2]))'; }
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 BLIS_NUM_THREADS=1
for _ in $(seq "$ROUNDS"); do
  for c in matmul_2048 eigh_1000 svd_1000x500; do
    echo "$c debian-openblas-default $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$B" run $c Benchmarks/.data 3 1 | med)"
    for core in SkylakeX Haswell Zen; do
      echo "$c debian-openblas-$core $(env -u OPENBLAS_L2_SIZE OPENBLAS_CORETYPE=$core "$B" run $c Benchmarks/.data 3 1 | med)"
    done
    echo "$c debian-openblas-openmp $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH="$R/openblas-openmp" "$B" run $c Benchmarks/.data 3 1 | med)"
    echo "$c blis-pthread $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_PRELOAD="$R/blis-pthread/libblis.so.4" "$B" run $c Benchmarks/.data 3 1 | med)"
    echo "$c numpy $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$VENV/bin/python" Benchmarks/peers/numpy_peer.py run $c Benchmarks/.data 3 1 | med)"
  done
done
