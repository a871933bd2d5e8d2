import ArgumentParser
import DescentCore

/// `descent iterative <verb>`: matrix-free and sparse iterative methods on any matrix `readMatrix` reads.
public struct IterativeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "iterative",
        abstract: "Iterative eigensolvers, conjugate gradient and randomized SVD on dense or sparse matrices (CSV, .npy, .mtx, datasets).",
        subcommands: [EigsCommand.self, ConjugateGradientCommand.self, RandomizedSVDCommand.self]
    )

    public init() {}
}
