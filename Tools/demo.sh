#!/usr/bin/env bash
# The tour (`make demo`): a short, real end-to-end run of what Descent does today.
# Usage: Tools/demo.sh PATH/TO/descent
set -euo pipefail
descent="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

section() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
run() { printf '$ descent %s\n' "$*"; "$descent" "$@"; }

printf '4,1\n2,3\n' > "$work/A.csv"
printf '1\n2\n' > "$work/b.csv"
printf '802,-400\n-400,200\n' > "$work/H.csv"
printf '1,1\n1,2\n1,3\n1,4\n' > "$work/X.csv"
printf '6\n5\n7\n10\n' > "$work/y.csv"

section "Eigenvalues of A = [[4, 1], [2, 3]]: the roots of λ² − 7λ + 10 are 5 and 2"
run linalg eig "$work/A.csv"

section "Singular values, determinant, condition number, solve A x = b"
run linalg svd "$work/A.csv"
run linalg det "$work/A.csv"
run linalg cond "$work/A.csv"
run linalg solve "$work/A.csv" "$work/b.csv"

section "The Rosenbrock Hessian at (1, 1): eigenvalues ≈ 1001.6 and 0.3994, κ ≈ 2508"
run linalg eig --symmetric "$work/H.csv"
run linalg cond "$work/H.csv"

section "Least squares: fit y ≈ w₀ + w₁·t through four points"
run linalg lstsq "$work/X.csv" "$work/y.csv"

section "Machine-readable output"
run linalg eig --symmetric --json "$work/H.csv"

section "Bad input gets a clear one-line error, not a crash"
printf '1,2\n3,x\n' > "$work/bad.csv"
run linalg det "$work/bad.csv" || echo "(exit code $?)"
