"""The eigensolver rows of the benchmark table (imported by compare.py): six eigenpairs at each end
of the graph Laplacian of a 1000 × 1000 grid (10⁶ rows, eigenvalues in pairs) by thick-restart
block Lanczos (`lanczos(_:count:which:basisSize:blockSize:)`, basis 30, the default single vectors
and the search for missed copies, tol 1e-8) against SciPy `eigsh` (ARPACK, ncv 30, tol 1e-8); see peers/eigsh_peer.py. Goal: time and peak
memory at most eigsh's (ratio ≤ 1). eigsh's single vector misses the second copies of the top six,
so eigs_grid_top6_lobpcg times the same call against `lobpcg` (8 columns), the SciPy solver whose
answer agrees. `DESCENT_BENCH_GRID` sets the grid side on both sides.
The shift-invert row finds the bottom six of a 300 × 300 grid as the eigenvalues nearest σ = −10⁻³
(`lanczos(_:count:nearest:)`, CHOLMOD LDLᵀ) against `eigsh(sigma=-1e-3)` (SuperLU);
`DESCENT_BENCH_SHIFT_GRID` sets its side. EIGENSOLVER_FULL_CASES (only with --cases, minutes per run):
eigs_grid_top6_1e6 and eigs_grid_bottom6_1e6, the top and bottom six of the issue's 1000 × 1000 grid
whatever the environment. At the bottom the stopping rules differ: ARPACK's ‖r‖ ≤ tol·|θ| with
θ ≈ 10⁻⁵ asks for residuals near 10⁻¹³, ours ‖r‖ ≤ tol·max|θ| for 8·10⁻⁸, so that row (like the
300 × 300 bottom row) times each solver with its own rule.
"""
EIGSH = "eigsh_peer.py"
EIGENSOLVER_PEER_NAMES = {EIGSH: "SciPy sparse.linalg"}   # eigsh, or lobpcg: see each row's call
EIGENSOLVER_CASES = [
    ("eigs_grid_top6", "lanczos(L, count: 6, which: .largest)", EIGSH, "eigsh(L, k=6, which=\"LA\", ncv=30)", 1, None),
    ("eigs_grid_bottom6", "lanczos(L, count: 6, which: .smallest)", EIGSH, "eigsh(L, k=6, which=\"SA\", ncv=30)", 1, None),
    ("eigs_grid_top6_lobpcg", "lanczos(L, count: 6, which: .largest)", EIGSH,
     "lobpcg(L, X (8 columns), largest=True, tol=1e-8), top 6", 1, None),
    ("eigs_grid_bottom6_shift_invert", "lanczos(L, count: 6, nearest: -1e-3)", EIGSH,
     "eigsh(L, k=6, sigma=-1e-3, ncv=30)", 1, None),
]
EIGENSOLVER_FULL_CASES = [
    ("eigs_grid_top6_1e6", "lanczos(L, count: 6, which: .largest)", EIGSH, "eigsh(L, k=6, which=\"LA\", ncv=30), 10⁶ rows", 1, None),
    ("eigs_grid_bottom6_1e6", "lanczos(L, count: 6, which: .smallest)", EIGSH, "eigsh(L, k=6, which=\"SA\", ncv=30), 10⁶ rows", 1, None),
]
