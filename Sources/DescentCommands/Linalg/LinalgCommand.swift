import ArgumentParser

/// `descent linalg <op>`: dense linear algebra on CSV matrices.
public struct LinalgCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "linalg",
        abstract: "Dense linear algebra on matrices from CSV, .npy or .mtx files or bundled datasets.",
        subcommands: [EigCommand.self, SVDCommand.self, SolveCommand.self, LeastSquaresCommand.self,
                      InverseCommand.self, PseudoinverseCommand.self, DeterminantCommand.self,
                      ConditionNumberCommand.self, RankCommand.self, NormCommand.self]
    )

    public init() {}
}
