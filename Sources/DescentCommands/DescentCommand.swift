import ArgumentParser
import Descent
import Foundation

/// The `descent` command-line tool: one subcommand per verb.
public struct DescentCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Gradients, optimization, regularization and spectral methods from the command line.",
        discussion: """
            Every verb prints a readable summary, or one JSON object with --json. The options mean the \
            same in every verb that has them: --tol (tolerance) and --max-iter (iteration limit) for \
            iterative verbs, --seed for verbs that draw random numbers, --method for the algorithm, \
            --plot FILE.svg for a figure. Matrices are headerless CSV, NumPy .npy or Matrix Market .mtx \
            files (by extension), or dataset:NAME for a bundled dataset (`descent datasets` lists them).
            """,
        subcommands: [LinalgCommand.self, IterativeCommand.self, GradCommand.self, HessianCommand.self, JacobianCommand.self,
                      MinimizeCommand.self, FitCommand.self, PCACommand.self, DatasetsCommand.self, CurvatureCommand.self, StabilityCommand.self, PageRankCommand.self, ClusterCommand.self,
                      TrainCommand.self, TourCommand.self]
    )

    public init() {}
}

extension DescentCommand {
    /// The executable's entry point: opts the process into the allocator settings for autodiff
    /// (`AllocatorTuning`; the library never applies them itself), normalizes the words
    /// (`ArgumentNormalization`), runs the verb, and prints argument-parser's own errors with echoed
    /// input capped (`EchoLimit`).
    public static func main(arguments: [String]) -> Never {
        AllocatorTuning.apply()
        do {
            var command = try parseAsRoot(ArgumentNormalization.normalized(arguments))
            try command.run()
            exit(withError: nil)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)   // --help, --version: printed in full
            }
            let message = fullMessage(for: error)   // empty for an ExitCode: the verb has said why already
            if !message.isEmpty { FileHandle.standardError.write(Data((EchoLimit.capped(message) + "\n").utf8)) }
            exit(withError: ExitCode(code.rawValue))
        }
    }
}
