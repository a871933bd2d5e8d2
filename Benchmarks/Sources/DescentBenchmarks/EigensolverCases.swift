// Eigensolver rows: six eigenpairs at each end of the graph Laplacian of a side × side grid
// (side = $DESCENT_BENCH_GRID, default 100: 10⁴ rows; the size is 1000, 10⁶ rows, minutes per run) by thick-restart block Lanczos with a basis
// of 30 and blocks of 2, tol 1e-8; the peer is SciPy eigsh with ncv 30 (Benchmarks/peers/eigsh_peer.py).
import Descent
import Foundation

/// The graph Laplacian of a side × side grid (node i·side + j), in CSR form, written row by row in
/// column order (up, left, the diagonal, right, down) straight into the CSR arrays: a triplet list
/// would hold three times the matrix while it is sorted, which at 10⁶ rows set the process's peak
/// memory rather than the eigensolver.
func gridLaplacian(side: Int) -> SparseMatrix {
    let n = side * side
    var offsets = [Int](), columns = [Int32](), values = [Double]()
    offsets.reserveCapacity(n + 1)
    columns.reserveCapacity(5 * n)
    values.reserveCapacity(5 * n)
    offsets.append(0)
    for i in 0..<side {
        for j in 0..<side {
            let node = i * side + j
            let degree = Double((i > 0 ? 1 : 0) + (j > 0 ? 1 : 0) + (j + 1 < side ? 1 : 0) + (i + 1 < side ? 1 : 0))
            if i > 0 { columns.append(Int32(node - side)); values.append(-1) }
            if j > 0 { columns.append(Int32(node - 1)); values.append(-1) }
            columns.append(Int32(node)); values.append(degree)
            if j + 1 < side { columns.append(Int32(node + 1)); values.append(-1) }
            if i + 1 < side { columns.append(Int32(node + side)); values.append(-1) }
            offsets.append(columns.count)
        }
    }
    return SparseMatrix(rows: n, columns: n, rowOffsets: offsets, columnIndices: columns, values: values)
}

/// `side` fixes the grid (the 10⁶-row case); nil reads $DESCENT_BENCH_GRID.
func eigensolverCase(_ name: String, _ which: EigenvalueSelection, side fixedSide: Int? = nil,
                     peer: String = "scipy.sparse.linalg.eigsh") -> BenchmarkCase {
    BenchmarkCase(name: name, peer: peer) { _, repeats, warmup in
        let side = fixedSide ?? Int(ProcessInfo.processInfo.environment["DESCENT_BENCH_GRID"] ?? "") ?? 100
        let a = gridLaplacian(side: side)
        let options = IterativeOptions(tolerance: 1e-8, maxIterations: 1_000_000, memoryBudget: .unlimited)
        // $DESCENT_BENCH_BLOCK: a block size (1 is ARPACK's single-vector iteration, without the search for
        // missed copies); unset, the library's default (single vectors, then the search).
        let block = Int(ProcessInfo.processInfo.environment["DESCENT_BENCH_BLOCK"] ?? "")
        let basis = Int(ProcessInfo.processInfo.environment["DESCENT_BENCH_BASIS"] ?? "") ?? 30
        return timedEigenpairs(repeats, warmup, applications: "products") {
            try! lanczos(a, count: 6, which: which, basisSize: basis, blockSize: block, options: options)
        }
    }
}

/// The bottom six by shift-invert (issue 10): `lanczos(L, count: 6, nearest: −1e-3)` factors L + 10⁻³I
/// once (CHOLMOD LDLᵀ) and iterates with its inverse, against `eigsh(L, k=6, sigma=-1e-3)` (SuperLU),
/// both tol 1e-8, on a side × side grid (side = $DESCENT_BENCH_SHIFT_GRID, default 300: 9·10⁴ rows).
/// Timed: the factorization and the iteration together, as eigsh's call is.
let shiftInvertCase = BenchmarkCase(name: "eigs_grid_bottom6_shift_invert", peer: "scipy.sparse.linalg.eigsh") { _, repeats, warmup in
    let side = Int(ProcessInfo.processInfo.environment["DESCENT_BENCH_SHIFT_GRID"] ?? "") ?? 300
    let a = gridLaplacian(side: side)
    let options = IterativeOptions(tolerance: 1e-8, maxIterations: 1_000_000, memoryBudget: .unlimited)
    return timedEigenpairs(repeats, warmup, applications: "solves") {
        try! lanczos(a, count: 6, nearest: -1e-3, basisSize: 30, blockSize: 2, options: options)
    }
}

/// Times `solve` (checked by the sum of its eigenvalues) and reports the last run's operator
/// applications under the name `applications`, its largest residual and whether it converged.
func timedEigenpairs(_ repeats: Int, _ warmup: Int, applications: String, _ solve: () -> EigenpairsResult) -> Timing {
    var last: EigenpairsResult?
    var timing = timed(repeats, warmup, { () -> Double in
        let result = solve()
        last = result
        return result.eigenvalues.sum()
    }, check: { $0 })
    if let last {
        timing.details = [applications: Double(last.operatorApplications), "max_residual": last.maxResidual,
                          "converged": last.isConverged ? 1 : 0]
    }
    return timing
}

/// The same top six against `lobpcg`, the SciPy solver that returns them with both copies (eigsh misses two).
let eigensolverCases = [eigensolverCase("eigs_grid_top6", .largest), eigensolverCase("eigs_grid_bottom6", .smallest),
                        eigensolverCase("eigs_grid_top6_lobpcg", .largest, peer: "scipy.sparse.linalg.lobpcg"),
                        shiftInvertCase, eigensolverCase("eigs_grid_top6_1e6", .largest, side: 1000),
                        eigensolverCase("eigs_grid_bottom6_1e6", .smallest, side: 1000)]
