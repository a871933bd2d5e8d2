import ArgumentParser
import DescentCore

/// `descent linalg solve A.csv b.csv`: the solution of the square system A·x = b.
public struct SolveCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve the square system A·x = b (LU with partial pivoting, LAPACK dgetrf + dgetrs).",
        discussion: "b is one column or one row of n numbers (x is a vector), or an n × k matrix (x is n × k). JSON keys: \(JSONKey.list(.x))."
    )

    @OptionGroup public var input: SystemInput
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors {
            let (a, b) = try input.read()
            try SolveCommand.output(a: a, b: b).emit(output)
        }
    }

    /// The result: key `x`.
    public static func output(a: Tensor, b: Tensor) throws -> CommandOutput {
        let x = try solve(a, b)
        return CommandOutput(text: TextLayout.field("x", x), json: .record([.x: .tensor(x)]))
    }
}
