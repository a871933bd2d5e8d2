#!/usr/bin/env bash
# The tour (`make demo`): a short, real end-to-end run of what Descent does today.
# Usage: Tools/demo.sh PATH/TO/descent
set -euo pipefail
descent="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
plots="${DESCENT_DEMO_OUT:-$PWD/out/demo}"
mkdir -p "$plots"

section() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
# Echo the command as one could paste it: arguments with spaces or shell characters in single quotes.
run() {
  printf '$ descent'
  for a in "$@"; do
    if [[ "$a" =~ [^A-Za-z0-9_./=,:@+-] ]]; then printf " '%s'" "$a"; else printf ' %s' "$a"; fi
  done
  printf '\n'
  "$descent" "$@"
}

printf '4,1\n2,3\n' > "$work/A.csv"
printf '1\n2\n' > "$work/b.csv"
printf '802,-400\n-400,200\n' > "$work/H.csv"
printf '1,1\n1,2\n1,3\n1,4\n' > "$work/X.csv"
printf '6\n5\n7\n10\n' > "$work/y.csv"

section "Derivatives are exact: f(x, y) = x²y + 3xy³ + sin x, ∇f = (2xy + 3y³ + cos x, x² + 9xy²)"
run grad --expr "x^2*y + 3*x*y^3 + sin(x)" --at "x=1,y=2"

section "The Rosenbrock Hessian at (1, 1) is [[802, −400], [−400, 200]] (not the [[1200, −400], [−400, 2]] a popular text prints)"
run hessian --expr "100*(y - x^2)^2 + (1 - x)^2" --at "x=1,y=1"

section "Gradient descent diverges above 2/λmax ≈ 0.002 and is reported as such; L-BFGS walks the valley"
run minimize --expr "100*(y - x^2)^2 + (1 - x)^2" --x0 "x=-1.2,y=1" --method gd --lr 0.01 || true
run minimize --expr "100*(y - x^2)^2 + (1 - x)^2" --x0 "x=-1.2,y=1" --method lbfgs --plot "$plots/rosenbrock-lbfgs.svg"
run minimize --expr "100*(y - x^2)^2 + (1 - x)^2" --x0 "x=-1.2,y=1" --method newton --plot "$plots/rosenbrock-newton.svg"
echo "(plots: $plots/rosenbrock-lbfgs.svg and rosenbrock-newton.svg — open them in a browser)"

section "Eigenvalues of A = [[4, 1], [2, 3]]: the roots of λ² − 7λ + 10 are 5 and 2"
run linalg eig "$work/A.csv"

section "Singular values, determinant, condition number, solve A x = b"
run linalg svd "$work/A.csv"
run linalg det "$work/A.csv"
run linalg cond "$work/A.csv"
run linalg solve "$work/A.csv" "$work/b.csv"

section "The same Hessian as a matrix: eigenvalues ≈ 1001.6 and 0.3994, κ ≈ 2508"
run linalg eig --symmetric "$work/H.csv"
run linalg cond "$work/H.csv"

section "Least squares: fit y ≈ w₀ + w₁·t through four points"
run linalg lstsq "$work/X.csv" "$work/y.csv"

section "Iterative methods on a sparse (triplet) matrix, a grounded path Laplacian; they share --tol, --max-iter and --seed"
printf '0,0,2\n0,1,-1\n1,0,-1\n1,1,2\n1,2,-1\n2,1,-1\n2,2,2\n2,3,-1\n3,2,-1\n3,3,1\n' > "$work/L.csv"
printf '1\n0\n0\n-1\n' > "$work/r.csv"
run iterative eigs "$work/L.csv" --triplets --count 2 --which smallest --tol 1e-12 --max-iter 50 --seed 1
run iterative cg "$work/L.csv" "$work/r.csv" --triplets --tol 1e-12

section "Machine-readable output"
run linalg eig --symmetric --json "$work/H.csv"
run minimize --expr "(x - 1)^2 + 2*(y + 3)^2" --x0 "x=0,y=0" --method newton --json

section "Bad input gets a clear one-line error, not a crash"
printf '1,2\n3,x\n' > "$work/bad.csv"
run linalg det "$work/bad.csv" || echo "(exit code $?)"
