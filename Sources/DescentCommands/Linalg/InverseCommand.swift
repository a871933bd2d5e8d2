import ArgumentParser
import DescentCore

/// `descent linalg inv A.csv`: the inverse of a square matrix.
public struct InverseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inv",
        abstract: "Inverse of a square matrix (LAPACK dgetrf + dgetri); singular matrices are an error.",
        discussion: "A matrix singular to working precision (estimated rcond = 1/κ₁(A) < 2.2e-16) is refused. JSON keys: \(JSONKey.list(.matrix, .reciprocalCondition)).")

    @OptionGroup public var input: MatrixInput
    @OptionGroup public var conditioning: ConditioningOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors {
            let a = try input.read()
            try conditioning.explainingRefusal {
                try InverseCommand.output(for: a, allowingIllConditioned: conditioning.allowIllConditioned)
            }.emit(output)
        }
    }

    /// The result: keys `matrix` (A⁻¹), `rcond` (the estimated 1/κ₁(A)).
    public static func output(for a: Tensor, allowingIllConditioned: Bool = false) throws -> CommandOutput {
        let (inverse, rcond) = try a.inverseEstimatingCondition(allowingIllConditioned: allowingIllConditioned)
        return CommandOutput(lines: [TextLayout.field("inverse", inverse), TextLayout.field("rcond", rcond)],
                             json: .record([.matrix: .tensor(inverse), .reciprocalCondition: .number(rcond)]))
    }
}
