import ArgumentParser
import DescentCore
import Foundation

/// `descent linalg det A.csv`: the determinant.
public struct DeterminantCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "det",
        abstract: "Determinant of a square matrix (through LU; 0 for an exactly singular matrix).",
        discussion: """
            Also prints the sign and the natural logarithm of |det A|, which exist even when |det A| is beyond the range \
            of a double (above 1.8e308 or below 2.2e-308): then the determinant is reported as not representable \
            (JSON null) instead of inf or a false 0. JSON keys: \(JSONKey.list(.determinant, .sign, .logAbsDeterminant)).
            """)

    @OptionGroup public var input: MatrixInput
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { try DeterminantCommand.output(for: input.read()).emit(output) }
    }

    /// The result: keys `determinant` (null when not representable), `sign`, `log_abs_determinant`.
    public static func output(for a: Tensor) throws -> CommandOutput {
        let det: Double?
        let sign: Double, logAbs: Double
        let shown: String
        do {
            let value = try a.determinant()
            det = value
            (sign, logAbs) = (value == 0 ? 0 : (value < 0 ? -1 : 1), log(Swift.abs(value)))
            shown = TextLayout.field("determinant", value)
        } catch let LinearAlgebraError.determinantOutOfRange(outSign, outLogAbs) {
            det = nil
            (sign, logAbs) = (outSign, outLogAbs)
            let side = logAbs > 0 ? "above the largest double, 1.8e308" : "below the smallest normal double, 2.2e-308"
            shown = "determinant: not representable (|det| = 10^\(NumberFormat.readable(logAbs / log(10.0))), \(side))"
        }
        return CommandOutput(lines: [shown, "sign: \(NumberFormat.readable(sign)), log|det|: \(NumberFormat.readable(logAbs))"],
                             json: .record([.determinant: det.map(JSONValue.number) ?? .null, .sign: .number(sign),
                                            .logAbsDeterminant: .number(logAbs)]))
    }
}
