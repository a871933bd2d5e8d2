import ArgumentParser
import DescentCore

/// `descent iterative eigs A.csv --count k`: a few eigenpairs of a symmetric matrix by Lanczos,
/// LOBPCG, subspace iteration or power iteration with deflation.
public struct EigsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "eigs",
        abstract: "A few eigenpairs of a large symmetric matrix (Lanczos, LOBPCG, subspace iteration, or power iteration with deflation).",
        discussion: """
            A must be symmetric (|aᵢⱼ − aⱼᵢ| ≤ 1e-10·max|aᵢⱼ|); for a general matrix use `descent linalg eig`. \
            Eigenvalues are printed ascending with their residuals ‖Av − λv‖, computed with A. Subspace and power \
            iteration find the eigenvalues of largest magnitude only (--which, if given, must be \
            \(Which.largestMagnitude.rawValue)). The termination is \(Termination.convergedResidual.name) (every \
            residual within the tolerance), \(Termination.iterationLimit.name), \(Termination.stagnation.name), \
            \(Termination.breakdown.name) or \(Termination.nonFiniteValue.name); a run that did not converge still \
            prints its best estimates. Lanczos is thick-restart block Lanczos: it keeps at most --basis-size \
            vectors (memory about 2·n·basis-size doubles, checked against --max-memory before the run), expands \
            --block-size vectors at a time, and --max-iter bounds its products with A over all restarts. Without \
            --block-size, the largest or smallest end runs with single vectors (as ARPACK does) and then searches \
            for what a single vector misses: a probe of A deflated by the pairs found tells whether any eigenvalue \
            lies beyond the last one returned, and the missed pairs are then computed and merged; a warning says \
            so if --max-iter ends the search first. A block of b vectors sees at most b copies of a repeated \
            eigenvalue; with an explicit --block-size (and for --which both-ends or largest-magnitude, which use \
            blocks of 2), when a returned eigenvalue occurs b or more times (twice with --block-size 1) a warning \
            says that a further copy may have been missed. \
            --method lobpcg is LOBPCG (SciPy's `lobpcg`): a block of --block-size vectors (at least --count; default \
            max(2·count, count + 4)) improved by Rayleigh–Ritz on the block, its residuals and its previous steps, so \
            repeated eigenvalues up to the block size converge together; --max-iter bounds its iterations (one block \
            product each); --which is largest or smallest; --jacobi preconditions the residuals with diag(A)⁻¹ \
            (A's diagonal must be positive). \
            With --sigma S, Lanczos runs in shift-invert mode (SciPy's `eigsh(A, k, sigma=S)`): it finds the \
            --count eigenvalues nearest S as the largest of (A − S·I)⁻¹, applied through a sparse LDLᵀ \
            factorization (CHOLMOD), so the smallest or interior eigenvalues converge in a few dozen solves; \
            --tol then applies to (A − S·I)⁻¹, the residuals are still ‖Av − λv‖ with A, --which does not apply, \
            and S must not be an eigenvalue of A (A − S·I singular is an error). \
            Progress is shown on stderr when it is a terminal. \
            JSON keys: \(JSONKey.list(.eigenvalues,
            .eigenvectors, .residuals, .iterations, .operatorApplications, .termination, .possibleMissedMultiplicity)) \
            (eigenvectors: a list of columns), and \(JSONKey.list(.sigma)) with --sigma.
            """
    )

    /// Which eigensolver to run.
    public enum Method: String, ExpressibleByArgument, CaseIterable, Sendable {
        case lanczos, lobpcg, subspace, power
    }

    /// Which eigenvalues to find.
    public enum Which: String, ExpressibleByArgument, CaseIterable, Sendable {
        case largest, smallest
        case bothEnds = "both-ends"
        case largestMagnitude = "largest-magnitude"

        /// The spellings before the one-vocabulary pass, still accepted (and not listed in the help).
        static let legacySpellings: [String: Which] = ["bothEnds": .bothEnds, "largestMagnitude": .largestMagnitude]

        public init?(argument: String) {
            guard let value = Which(rawValue: argument) ?? Which.legacySpellings[argument] else { return nil }
            self = value
        }

        /// The library's name for it.
        public var selection: EigenvalueSelection {
            switch self {
            case .largest: return .largest
            case .smallest: return .smallest
            case .bothEnds: return .bothEnds
            case .largestMagnitude: return .largestMagnitude
            }
        }
    }

    /// `--tol` and `--max-iter` of `eigs`.
    public enum Stopping: IterationDefaults {
        public static let tol = 1e-10
        public static let maxIter = 1000
        public static let tolHelp = "Residual tolerance: a pair is converged when ‖Av − λv‖ ≤ tol·|λ|max seen"
        public static let maxIterHelp = "Iteration limit (Lanczos: products with A over all restarts)"
    }

    @OptionGroup public var input: OperatorInput
    @Option(name: .long, help: "Number of eigenpairs.")
    public var count: Int = 1
    @Option(name: .long, help: "Which eigenvalues: algebraically largest (default for lanczos) or smallest, half from each end, or of largest magnitude (the only choice, and the default, of subspace and power).")
    public var which: Which?
    @Option(name: .long, help: "The eigensolver.")
    public var method: Method = .lanczos
    @Option(name: .long, help: "Lanczos: the most basis vectors kept, which bounds memory (default: max(20, 2·count + 2·block-size)).")
    public var basisSize: Int?
    @Option(name: .long, help: "Lanczos: vectors expanded together (default: 1 with the search for missed copies at the largest or smallest end, 2 otherwise); repeated eigenvalues of multiplicity up to it are found from the start. LOBPCG: the block width, at least --count (default max(2·count, count + 4)).")
    public var blockSize: Int?
    @Flag(name: .long, help: "LOBPCG: precondition the residuals with diag(A)⁻¹ (Jacobi).")
    public var jacobi = false
    @Option(name: .long, help: "Shift-invert Lanczos: the eigenvalues nearest this shift S (e.g. 0 for the smallest of a positive definite A; a value inside the spectrum for interior ones).")
    public var sigma: Double?
    @OptionGroup public var iteration: IterationOptions<Stopping>
    @OptionGroup public var random: SeedOptions
    @OptionGroup public var memory: MemoryOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be ≥ 0") }
        if let blockSize, blockSize < 1 { throw ValidationError("--block-size must be ≥ 1, got \(blockSize)") }
        if let basisSize, basisSize < 1 { throw ValidationError("--basis-size must be ≥ 1, got \(basisSize)") }
        if method == .lobpcg {
            if basisSize != nil { throw ValidationError("--basis-size sets up --method lanczos, not lobpcg") }
            if let blockSize, blockSize < count {
                throw ValidationError("--block-size \(blockSize) is smaller than --count \(count): LOBPCG's block holds the pairs it finds")
            }
            if sigma != nil { throw ValidationError("--sigma needs --method lanczos, not lobpcg") }
            if let which, which != .largest && which != .smallest {
                throw ValidationError("--which \(which.rawValue) does not apply to lobpcg, which finds the largest or smallest eigenvalues")
            }
        } else if method != .lanczos && (basisSize != nil || blockSize != nil) {
            throw ValidationError("--basis-size and --block-size set up --method lanczos, not \(method.rawValue)")
        }
        if jacobi && method != .lobpcg { throw ValidationError("--jacobi preconditions --method lobpcg, not \(method.rawValue)") }
        // Subspace and power iteration converge to the dominant (largest |λ|) pairs only; silently
        // returning those for --which smallest would be a wrong answer, not a numerical outcome.
        if let sigma {
            guard sigma.isFinite else { throw ValidationError("--sigma must be a finite number, got \(sigma)") }
            guard method == .lanczos else { throw ValidationError("--sigma needs --method lanczos, not \(method.rawValue)") }
            if let which {
                throw ValidationError("--which \(which.rawValue) does not apply with --sigma, which finds the eigenvalues nearest S")
            }
        }
        if let which, method != .lanczos && method != .lobpcg && which != .largestMagnitude {
            throw ValidationError("--which \(which.rawValue) needs --method lanczos; \(method.rawValue) finds the \(Which.largestMagnitude.rawValue) eigenvalues only")
        }
    }

    /// The eigenvalues to find: `--which`, by default the largest (Lanczos, LOBPCG) or of largest magnitude (the others).
    public var selection: EigenvalueSelection {
        (which ?? (method == .lanczos || method == .lobpcg ? .largest : .largestMagnitude)).selection
    }

    public func run() throws {
        try reportingErrors {
            var options = iteration.iterativeOptions(seed: random.seed)
            options.memoryBudget = try memory.budget()
            let a = try input.read()
            try OperatorInput.showingProgress("eigs", options) { options in
                try EigsCommand.output(for: a, count: count, which: selection, method: method, basisSize: basisSize,
                                       blockSize: blockSize, sigma: sigma, jacobi: jacobi, options: options)
            }.emit(output)
        }
    }

    /// The result: keys `eigenvalues`, `eigenvectors` (a list of columns), `residuals`, `iterations`,
    /// `operator_applications`, `termination`, `possible_missed_multiplicity`, and `sigma` when `sigma`
    /// is given (shift-invert Lanczos: the `count` eigenvalues nearest σ; a dense A is converted to CSR).
    /// `blockSize` nil is the library's default for Lanczos (single vectors and the search for missed
    /// copies at the largest or smallest end, blocks of 2 otherwise and with σ) and LOBPCG's default; `jacobi` preconditions LOBPCG with diag(A)⁻¹.
    /// - Throws: `UsageError` for a matrix that is not symmetric (pointing to `descent linalg eig`) or
    ///   work beyond `options.memoryBudget` (naming `--max-memory`); the library's errors otherwise.
    public static func output(for a: any LinearOperator, count: Int, which: EigenvalueSelection = .largest,
                              method: Method = .lanczos, basisSize: Int? = nil, blockSize: Int? = nil, sigma: Double? = nil,
                              jacobi: Bool = false, options: IterativeOptions = IterativeOptions()) throws -> CommandOutput {
        // Without --block-size the library runs single vectors and searches for missed copies at the
        // largest or smallest end (blocks of 2 otherwise, and with σ).
        let searched = method == .lanczos && sigma == nil && blockSize == nil && which.isOneEnd
        let lanczosBlock = blockSize ?? (searched ? 1 : 2)
        try OperatorInput.requireSymmetric(a, verb: "eigs", instead: "the iterative eigensolvers need a symmetric matrix: "
                                               + "use `descent linalg eig` for a general one")
        let result: EigenpairsResult = try MemoryOptions.guarding(alternative: method == .lanczos ? "lower --basis-size" : "lower --count") {
            switch method {
            case .lanczos:
                do {
                    if let sigma {
                        return try lanczos(EigsCommand.sparse(a), count: count, nearest: sigma, basisSize: basisSize,
                                           blockSize: blockSize ?? 2, options: options)
                    }
                    return try lanczos(a, count: count, which: which, basisSize: basisSize, blockSize: blockSize, options: options)
                } catch LinearAlgebraError.unsupported(_, let reason) where reason.hasPrefix("basisSize") {
                    throw UsageError("--basis-size \(basisSize ?? 0) is too small: it must hold --count pairs and two blocks of --block-size vectors, "
                                     + "at least \(Swift.min(a.rows, count + 2 * lanczosBlock))")
                }
            case .lobpcg:
                return try lobpcg(a, count: count, which: which, blockSize: blockSize,
                                  preconditioner: jacobi ? try EigsCommand.jacobiPreconditioner(a) : nil, options: options)
            case .subspace: return try subspaceIteration(a, count: count, options: options)
            case .power: return try deflatedPowerIteration(a, count: count, options: options)
            }
        }
        let warning = !result.possibleMissedMultiplicity ? []
            : searched
            ? ["warning: the search for eigenvalues a single vector can miss did not finish (--max-iter ran out); "
               + "a further copy may have been missed (rerun with a larger --max-iter or a --block-size)"]
            : ["warning: a returned eigenvalue occurs \(Swift.max(lanczosBlock, 2)) or more times (--block-size \(lanczosBlock)); "
               + "a further copy may have been missed (rerun with a larger --block-size to rule it out)"]
        let base = JSONValue.record([.eigenvalues: .tensor(result.eigenvalues),
                                    .eigenvectors: .columns(of: result.eigenvectors, count: result.eigenvalues.count),
                                    .residuals: .tensor(result.residuals),
                                    .iterations: .integer(result.iterations),
                                    .operatorApplications: .integer(result.operatorApplications),
                                    .termination: .string(result.termination.name),
                                    .possibleMissedMultiplicity: .bool(result.possibleMissedMultiplicity)])
        let json: JSONValue
        if let sigma, case .object(let fields) = base {
            json = .object(fields + [(JSONKey.sigma.rawValue, .number(sigma))])
        } else {
            json = base
        }
        let shift = sigma.map { [TextLayout.field("shift σ (eigenvalues nearest it)", $0)] } ?? []
        return CommandOutput(
            lines: shift + [TextLayout.field("eigenvalues (ascending)", result.eigenvalues),
                            TextLayout.field("residuals ‖Av − λv‖", result.residuals)] + warning
                + TextLayout.ending(result.termination, iterations: result.iterations,
                                    counts: [("operator applications", result.operatorApplications)]),
            json: json)
    }

    /// diag(A)⁻¹ as a sparse diagonal matrix, LOBPCG's Jacobi preconditioner.
    /// - Throws: `UsageError` naming the first diagonal entry that is not positive.
    static func jacobiPreconditioner(_ a: any LinearOperator) throws -> SparseMatrix {
        let diagonal = ((a as? Tensor)?.diagonalElements ?? EigsCommand.sparse(a).diagonalElements).scalars
        if let i = diagonal.firstIndex(where: { !($0 > 0) }) {
            throw UsageError("--jacobi needs a positive diagonal, but A[\(i), \(i)] is \(diagonal[i])")
        }
        return SparseMatrix.diagonal(diagonal.map { 1 / $0 })
    }

    /// A as CSR for the sparse factorization of shift-invert mode (a dense file is converted).
    static func sparse(_ a: any LinearOperator) -> SparseMatrix {
        if let sparse = a as? SparseMatrix { return sparse }
        guard let dense = a as? Tensor else {
            preconditionFailure("eigs --sigma: OperatorInput reads only dense and sparse matrices, got \(type(of: a))")
        }
        return SparseMatrix(dense: dense)
    }
}
