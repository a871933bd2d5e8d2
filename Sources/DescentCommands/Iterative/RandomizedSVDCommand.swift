import ArgumentParser
import DescentCore

/// `descent iterative rsvd A.csv --rank k`: a rank-k randomized SVD (Halko, Martinsson & Tropp).
public struct RandomizedSVDCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rsvd",
        abstract: "Rank-k randomized SVD: Gaussian sketch, power iterations, small dense SVD.",
        discussion: """
            Prints the k leading singular values, U (m × k) and Vᵀ (k × n). Results depend on --seed only \
            through rounding for exactly rank-k input. The sketches need about 4·(m + n)·(k + p) doubles, \
            checked against --max-memory before the run. JSON keys: \(JSONKey.list(.singularValues, .u, .vt)).
            """
    )

    @OptionGroup public var input: OperatorInput
    @Option(name: .long, help: "Target rank k.")
    public var rank: Int
    @Option(name: .long, help: "Extra samples p (l = k + p).")
    public var oversampling: Int = 10
    @Option(name: .long, help: "Power iterations q.")
    public var powerIterations: Int = 2
    @OptionGroup public var random: SeedOptions
    @OptionGroup public var memory: MemoryOptions
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
                                            powerIterations: powerIterations, seed: random.seed,
                                            memoryBudget: memory.budget()).emit(output)
        }
    }

    /// The result: keys `singular_values`, `u`, `vt`.
    /// - Throws: `UsageError` for work beyond `memoryBudget` (naming `--max-memory`); the library's errors otherwise.
    public static func output(for a: any LinearOperator, rank: Int, oversampling: Int = 10, powerIterations: Int = 2,
                              seed: UInt64 = 0, memoryBudget: MemoryBudget = .default) throws -> CommandOutput {
        let svd = try MemoryOptions.guarding(alternative: "lower --rank or --oversampling") {
            try RandomizedSVD(a, rank: rank, oversampling: oversampling, powerIterations: powerIterations, seed: seed,
                              memoryBudget: memoryBudget)
        }
        return SVDCommand.output(singularValues: svd.singularValues, u: svd.u, vt: svd.vt)
    }
}
