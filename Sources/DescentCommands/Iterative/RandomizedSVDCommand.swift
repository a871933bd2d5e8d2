import ArgumentParser
import DescentCore

/// `descent iterative rsvd A.csv --rank k`: a rank-k randomized SVD (Halko, Martinsson & Tropp).
public struct RandomizedSVDCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rsvd",
        abstract: "Rank-k randomized SVD: Gaussian sketch, power iterations, small dense SVD.",
        discussion: "Prints the k leading singular values, U (m × k) and Vᵀ (k × n). Results depend on --seed only through rounding for exactly rank-k input."
    )

    @OptionGroup public var input: OperatorInput
    @Option(name: .long, help: "Target rank k.")
    public var rank: Int
    @Option(name: .long, help: "Extra samples p (l = k + p).")
    public var oversampling: Int = 10
    @Option(name: .long, help: "Power iterations q.")
    public var powerIterations: Int = 2
    @Option(name: .long, help: "Seed of the Gaussian test matrix.")
    public var seed: UInt64 = 0
    @OptionGroup public var output: OutputOptions

    public init() {}

    /// The largest `--power-iterations` accepted: each costs 2·(k + p) operator applications, and
    /// Halko, Martinsson & Tropp find q = 1…3 enough in practice, so more than this is surely a typo.
    public static let maximumPowerIterations = 100

    public func validate() throws {
        guard rank >= 1 else { throw ValidationError("--rank must be at least 1, got \(rank)") }
        guard oversampling >= 0 else { throw ValidationError("--oversampling must be ≥ 0, got \(oversampling)") }
        guard (0...RandomizedSVDCommand.maximumPowerIterations).contains(powerIterations) else {
            throw ValidationError("--power-iterations must be between 0 and \(RandomizedSVDCommand.maximumPowerIterations), got \(powerIterations)")
        }
    }

    public func run() throws {
        try reportingErrors {
            try RandomizedSVDCommand.output(for: input.read(), rank: rank, oversampling: oversampling,
                                            powerIterations: powerIterations, seed: seed).emit(output)
        }
    }

    /// The result: keys `singular_values`, `u`, `vt`.
    public static func output(for a: any LinearOperator, rank: Int, oversampling: Int = 10, powerIterations: Int = 2,
                              seed: UInt64 = 0) throws -> LinalgOutput {
        let svd = try RandomizedSVD(a, rank: rank, oversampling: oversampling, powerIterations: powerIterations, seed: seed)
        return LinalgOutput(
            text: [LinalgOutput.block("singular values", svd.singularValues), LinalgOutput.block("U", svd.u),
                   LinalgOutput.block("Vᵀ", svd.vt)].joined(separator: "\n"),
            json: .object([("singular_values", .tensor(svd.singularValues)), ("u", .tensor(svd.u)), ("vt", .tensor(svd.vt))]))
    }
}
