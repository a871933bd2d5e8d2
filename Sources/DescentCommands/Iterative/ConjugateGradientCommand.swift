import ArgumentParser
import DescentCore

/// `descent iterative cg A.csv b.csv`: solve A·x = b for symmetric positive definite A by conjugate gradient.
public struct ConjugateGradientCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cg",
        abstract: "Solve A·x = b for a symmetric positive definite A by (Jacobi-preconditioned) conjugate gradient.",
        discussion: """
            b is one column or one row of n numbers. A must be symmetric (|aᵢⱼ − aⱼᵢ| ≤ 1e-10·max|aᵢⱼ|); \
            for a general matrix use `descent linalg solve`. CG starts at x = 0 and is deterministic (no --seed). \
            It is \(Termination.convergedResidual.name) only when the true residual ‖b − Ax‖, computed with A, \
            is at most tol·‖b‖. Termination \(Termination.breakdown.name) means A is not positive definite \
            (or singular to working precision along a search direction); \(Termination.stagnation.name) means \
            the residual cannot fall to the tolerance (b outside the range of a singular A: no solution exists). \
            Progress is shown on stderr when it is a terminal. \
            JSON keys: \(JSONKey.list(.x, .residualNorm, .iterations, .termination)).
            """
    )

    /// `--tol` and `--max-iter` of `cg`.
    public enum Stopping: IterationDefaults {
        public static let tol = 1e-10
        public static let maxIter = 1000
        public static let tolHelp = "Relative residual tolerance: stop when ‖b − Ax‖ ≤ tol·‖b‖"
        public static let maxIterHelp = "Iteration limit"
    }

    @OptionGroup public var input: OperatorInput
    @Argument(help: "Headerless CSV file holding b (one column or one row).")
    public var rightHandSide: String
    @Flag(name: .long, help: "Precondition with the diagonal of A (Jacobi).")
    public var jacobi = false
    @OptionGroup public var iteration: IterationOptions<Stopping>
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors {
            let a = try input.read()
            let b = try readMatrix(rightHandSide)
            guard b.shape[0] == 1 || b.shape[1] == 1 else {
                throw UsageError("\(rightHandSide): b must be one column or one row, got shape \(b.shape[0]) × \(b.shape[1])")
            }
            guard b.count == a.shape[0] else {
                throw UsageError("\(rightHandSide): b has \(b.count) numbers but A has \(a.shape[0]) rows")
            }
            try OperatorInput.showingProgress("cg", iteration.iterativeOptions()) { options in
                try ConjugateGradientCommand.output(a: a, b: b.flattened, jacobi: jacobi, options: options)
            }.emit(output)
        }
    }

    /// The result: keys `x`, `residual_norm`, `iterations`, `termination`.
    /// - Throws: `UsageError` for a matrix that is not symmetric (pointing to `descent linalg solve`);
    ///   the library's errors otherwise.
    public static func output(a: any LinearOperator, b: Tensor, jacobi: Bool = false,
                              options: IterativeOptions = IterativeOptions()) throws -> CommandOutput {
        try OperatorInput.requireSymmetric(a, verb: "cg", instead: "conjugate gradient needs a symmetric positive definite matrix: "
                                               + "use `descent linalg solve` for a general one")
        var preconditioner = ConjugateGradientPreconditioner.none
        if jacobi {
            switch a {
            case let dense as Tensor: preconditioner = .jacobi(dense.diagonalElements)
            case let sparse as SparseMatrix: preconditioner = .jacobi(sparse.diagonalElements)
            default: break
            }
        }
        let result = try conjugateGradient(a, b, preconditioner: preconditioner, options: options)
        return CommandOutput(
            lines: [TextLayout.field("x", result.solution), TextLayout.field("residual ‖b − Ax‖", result.residual)]
                + TextLayout.ending(result.termination, iterations: result.iterations),
            json: .record([.x: .tensor(result.solution), .residualNorm: .number(result.residual),
                           .iterations: .integer(result.iterations), .termination: .string(result.termination.name)]))
    }
}
