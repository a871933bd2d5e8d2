import ArgumentParser
import DescentCore

/// `descent linalg svd [--full] A.csv`: the singular value decomposition A = U·Σ·Vᵀ.
public struct SVDCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "svd",
        abstract: "Singular value decomposition A = U·Σ·Vᵀ (LAPACK dgesdd).",
        discussion: "Singular values descending; each pair of singular vectors is signed so that the largest entry of u is positive. JSON keys: \(JSONKey.list(.singularValues, .u, .vt))."
    )

    @OptionGroup public var input: MatrixInput
    @Flag(name: .long, help: "Square U (m × m) and Vᵀ (n × n) instead of the reduced factors.")
    public var full = false
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { try SVDCommand.output(for: input.read(), full: full).emit(output) }
    }

    /// The result for a matrix: keys `singular_values`, `u`, `vt` (matrices as lists of rows).
    public static func output(for a: Tensor, full: Bool = false) throws -> CommandOutput {
        let svd = try SVD(a, full: full)
        return output(singularValues: svd.singularValues, u: svd.u, vt: svd.vt)
    }

    /// The output of a (possibly truncated) SVD, shared with `iterative rsvd`: keys `singular_values`, `u`, `vt`.
    static func output(singularValues: Tensor, u: Tensor, vt: Tensor) -> CommandOutput {
        CommandOutput(
            lines: [TextLayout.field("singular values", singularValues), TextLayout.field("U", u), TextLayout.field("Vᵀ", vt)],
            json: .record([.singularValues: .tensor(singularValues), .u: .tensor(u), .vt: .tensor(vt)]))
    }
}
