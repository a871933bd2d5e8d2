import ArgumentParser
import Descent

/// `descent hessian --expr E --at …`: value, gradient, Hessian and what its eigenvalues say.
public struct HessianCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hessian",
        abstract: "Hessian of an expression at a point, its eigenvalues and the kind of point.",
        discussion: """
            The Hessian is exact (reverse-over-reverse autodiff). Eigenvalues ascending (LAPACK dsyevd); \
            classification minimum / maximum / saddle / degenerate, where eigenvalues within 1e-8·max|λ| \
            of zero count as zero; condition number |λ|max/|λ|min; max stable gradient-descent step \
            2/λmax (null when λmax ≤ 0). The dense Hessian, its eigendecomposition and the printed output \
            need about \(HessianCommand.doublesPerEntry)·n² doubles for n variables, checked against --max-memory \
            before any work. JSON keys: \(JSONKey.list(.variables, .value, .gradient, .hessian,
            .eigenvalues, .classification, .conditionNumber, .maxStableStep)).
            """
    )

    @OptionGroup public var input: CalculusInput
    @OptionGroup public var memory: MemoryOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors {
            try HessianCommand.output(expression: input.expr, at: input.at, memoryBudget: memory.budget()).emit(output)
        }
    }

    /// Doubles' worth of memory per Hessian entry at the peak of a run: H as swept and its transpose,
    /// the symmetrized copy, LAPACK's copy, workspace and eigenvectors, and the entry's text and JSON
    /// (a `String` and a `JSONValue` each, then both rendered). Measured: 8.5–9.1·n²·8 bytes above
    /// the process's baseline for n = 1000 (debug build, readable and `--json`).
    static let doublesPerEntry = 10

    /// The result for an expression text and a point text (keys listed in the discussion).
    /// - Throws: `UsageError` for a bad expression or point, or when n variables would need more
    ///   than `memoryBudget` (`doublesPerEntry`·n² doubles); refused before anything is evaluated.
    public static func output(expression text: String, at point: String, memoryBudget: MemoryBudget = .default) throws -> CommandOutput {
        let (names, values) = try CalculusInput.parsePoint(point)
        try MemoryOptions.guarding(alternative: "use fewer variables") {
            try memoryBudget.requireRoom(forDoubles: Double(doublesPerEntry) * Double(names.count) * Double(names.count),
                                         "a dense \(names.count) × \(names.count) Hessian with its eigendecomposition and output",
                                         operation: "hessian")
        }
        let expression = try CalculusInput.parse(text)
        let f = try CalculusInput.function(expression, of: names)
        try CalculusInput.requireFiniteValue(expression, names: names, values: values)
        let (value, g, raw) = valueGradientAndHessian(of: f, at: Tensor(values))
        try CalculusInput.requireFinite(g, "gradient") { "∂f/∂\(names[$0])" }
        let n = names.count
        try CalculusInput.requireFinite(raw, "Hessian") { "∂²f/∂\(names[$0 / n])∂\(names[$0 % n])" }
        // Reverse-over-reverse gives Hᵢⱼ and Hⱼᵢ by different sweeps; average away the rounding.
        let h = (raw + raw.transposed) * 0.5
        let spectrum = try HessianSpectrum(hessian: h)
        let tolerance = TextLayout.number(spectrum.relativeTolerance)
        return CommandOutput(
            lines: [
                "f\(TextLayout.point(names, values)) = \(TextLayout.number(value))",
                TextLayout.field("gradient", g),
                TextLayout.field("Hessian (variables \(names.joined(separator: ", ")))", h),
                TextLayout.field("eigenvalues (ascending)", spectrum.eigenvalues),
                "classification: \(spectrum.classification.rawValue) (eigenvalues within \(tolerance)·max|λ| of 0 count as 0)",
                TextLayout.field("condition number", spectrum.conditionNumber),
                "max stable step (2/λmax): " + (spectrum.maxStableStep.map(TextLayout.number) ?? "none (λmax ≤ 0)"),
            ],
            json: .record([.variables: .strings(names),
                           .value: .number(value),
                           .gradient: .tensor(g),
                           .hessian: .tensor(h),
                           .eigenvalues: .tensor(spectrum.eigenvalues),
                           .classification: .string(spectrum.classification.rawValue),
                           .conditionNumber: .number(spectrum.conditionNumber),
                           .maxStableStep: spectrum.maxStableStep.map(JSONValue.number) ?? .null]))
    }
}
