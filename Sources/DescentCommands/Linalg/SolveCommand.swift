import ArgumentParser
import DescentCore

/// `descent linalg solve A.csv b.csv`: the solution of the square system A·x = b.
public struct SolveCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve the square system A·x = b (LU with partial pivoting, LAPACK dgetrf + dgetrs).",
        discussion: "b is one column or one row of n numbers (x is a vector), or an n × k matrix (x is n × k). A matrix singular to working precision (estimated reciprocal condition number rcond = 1/κ₁(A) < 2.2e-16) is refused: its solution would have no correct digit. JSON keys: \(JSONKey.list(.x, .reciprocalCondition))."
    )

    @OptionGroup public var input: SystemInput
    @OptionGroup public var conditioning: ConditioningOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors {
            let (a, b) = try input.read()
            try conditioning.explainingRefusal {
                try SolveCommand.output(a: a, b: b, allowingIllConditioned: conditioning.allowIllConditioned)
            }.emit(output)
        }
    }

    /// The result: keys `x`, `rcond` (the estimated 1/κ₁(A)).
    public static func output(a: Tensor, b: Tensor, allowingIllConditioned: Bool = false) throws -> CommandOutput {
        let (x, rcond) = try solveEstimatingCondition(a, b, allowingIllConditioned: allowingIllConditioned)
        return CommandOutput(lines: [TextLayout.field("x", x), TextLayout.field("rcond", rcond)],
                             json: .record([.x: .tensor(x), .reciprocalCondition: .number(rcond)]))
    }
}
