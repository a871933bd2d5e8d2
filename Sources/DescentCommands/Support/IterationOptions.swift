import ArgumentParser
import DescentCore

/// What `--tol` and `--max-iter` mean for one verb, and their defaults.
public protocol IterationDefaults {
    /// The default of `--tol`.
    static var tol: Double { get }
    /// The default of `--max-iter`.
    static var maxIter: Int { get }
    /// What `--tol` bounds, as a sentence without a final period.
    static var tolHelp: String { get }
    /// What `--max-iter` limits, as a sentence without a final period.
    static var maxIterHelp: String { get }
}

/// `--tol` and `--max-iter`: the stopping options of every iterative verb (`minimize`,
/// `iterative eigs`, `iterative cg`), with per-verb defaults and meaning from `Defaults`.
///
/// The spellings `--tolerance` and `--max-iterations` (once used by `iterative`) are still accepted,
/// hidden from the help; giving an old and a new spelling together is an error.
public struct IterationOptions<Defaults: IterationDefaults>: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("\(Defaults.tolHelp). (default: \(NumberFormat.readable(Defaults.tol)))", valueName: "tol"))
    public var tol: Double?

    @Option(name: .customLong("max-iter"), help: ArgumentHelp("\(Defaults.maxIterHelp). (default: \(Defaults.maxIter))", valueName: "n"))
    public var maxIter: Int?

    /// The old spelling of `--tol`.
    @Option(name: .customLong("tolerance"), help: .hidden)
    public var legacyTolerance: Double?

    /// The old spelling of `--max-iter`.
    @Option(name: .customLong("max-iterations"), help: .hidden)
    public var legacyMaxIterations: Int?

    public init() {}

    /// The tolerance given (under either spelling) or the verb's default.
    public var tolerance: Double { tol ?? legacyTolerance ?? Defaults.tol }

    /// The iteration limit given (under either spelling) or the verb's default.
    public var maxIterations: Int { maxIter ?? legacyMaxIterations ?? Defaults.maxIter }

    public func validate() throws {
        _ = try OptionChecks.renamed(tol, legacyTolerance, new: "--tol", old: "--tolerance")
        _ = try OptionChecks.renamed(maxIter, legacyMaxIterations, new: "--max-iter", old: "--max-iterations")
        try OptionChecks.requireNonNegativeFinite(tolerance, legacyTolerance == nil ? "--tol" : "--tolerance")
        guard maxIterations >= 0 else {
            throw ValidationError("\(legacyMaxIterations == nil ? "--max-iter" : "--max-iterations") must be ≥ 0, got \(maxIterations)")
        }
    }

    /// As the library's options for the iterative solvers.
    func iterativeOptions(seed: UInt64 = 0) -> IterativeOptions {
        IterativeOptions(tolerance: tolerance, maxIterations: maxIterations, seed: seed)
    }
}
