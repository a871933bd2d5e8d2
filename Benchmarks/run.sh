#!/usr/bin/env bash
# `make bench`: builds the Swift benchmark runner in release, makes sure the peers' virtual
# environment exists, then runs every case side by side with NumPy/SciPy and writes
# Benchmarks/results/latest.md. Options are passed to Benchmarks/compare.py (e.g. --cases exp_1e7).
# With --profiles first (`make profiles`), it runs the performance profiles instead
# (Benchmarks/profiles.py; its options follow, e.g. --sets mgh --dimension 4000).
#
# Environment:
#   DESCENT_BENCH_VENV     the peers' virtual environment (default: .venv at the repository root;
#                          created from PyPI with Benchmarks/requirements.txt when missing)
#   DESCENT_BENCH_THREADS  BLAS threads for both sides (default: all processors)
set -euo pipefail
cd "$(dirname "$0")/.."

# Help first: no environment to set up and nothing to build just to print usage.
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  echo
  echo "Options of Benchmarks/compare.py (after the build, these are passed through):"
  echo "  --cases A,B     run only these cases (names as in the *_cases.py files and the table)"
  echo "  --rounds N      alternating runs of ours and the peer per case (default 3), the fastest kept"
  echo "  --warmup N      untimed runs first (default 1)"
  echo "  --out FILE.md   where the table goes (default Benchmarks/results/latest.md)"
  exit 0
fi

VENV="${DESCENT_BENCH_VENV:-$PWD/.venv}"
THREADS="${DESCENT_BENCH_THREADS:-$(getconf _NPROCESSORS_ONLN)}"

if ! "$VENV/bin/python" -c "import numpy, scipy, threadpoolctl, jax" 2>/dev/null; then
  echo "Setting up the peers' virtual environment in $VENV ..." >&2
  if ! { [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"; } ||
     ! "$VENV/bin/pip" install -q -r Benchmarks/requirements.txt; then
    echo "error: could not create the benchmark virtual environment in $VENV with numpy, scipy, threadpoolctl and jax." >&2
    echo "       Needs python3 with the venv module (Debian: apt-get install python3-venv) and access to PyPI," >&2
    echo "       or point DESCENT_BENCH_VENV at an existing environment that has them." >&2
    exit 1
  fi
fi

echo "Building DescentBenchmarks (release) ..." >&2
swift build -c release --product DescentBenchmarks >&2
BIN="$(swift build -c release --show-bin-path)/DescentBenchmarks"

mkdir -p Benchmarks/results
if [ "${1:-}" = "--profiles" ]; then
  shift
  exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS" \
    "$VENV/bin/python" Benchmarks/profiles.py --ours "$BIN" --python "$VENV/bin/python" "$@"
fi
# The OpenBLAS overrides some machines set for everyday work are cleared for the benchmark
# commands only, on both sides (the driver's children inherit this environment), and both
# sides get the same thread count.
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
  OPENBLAS_NUM_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS" \
  "$VENV/bin/python" Benchmarks/compare.py --ours "$BIN" --data Benchmarks/.data \
  --out Benchmarks/results/latest.md "$@"
