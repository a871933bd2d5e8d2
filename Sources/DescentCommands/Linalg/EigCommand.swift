import ArgumentParser
import DescentCore

/// `descent linalg eig [--symmetric] A.csv`: eigenvalues and eigenvectors.
public struct EigCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "eig",
        abstract: "Eigenvalues and eigenvectors (general: LAPACK dgeev; --symmetric: dsyevd).",
        discussion: """
            General matrices: eigenvalues sorted by descending real part, then descending imaginary part; \
            JSON gives each as [re, im] and each eigenvector (unit 2-norm, largest entry real positive) as a \
            list of [re, im] pairs. With --symmetric (only the lower triangle is read): real eigenvalues \
            ascending and orthonormal eigenvectors, each with its largest entry positive. \
            JSON keys: \(JSONKey.list(.eigenvalues, .eigenvectors)).
            """
    )

    @OptionGroup public var input: MatrixInput
    @Flag(name: .long, help: "Treat A as symmetric: real ascending eigenvalues, orthonormal eigenvectors.")
    public var symmetric = false
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { try EigCommand.output(for: input.read(), symmetric: symmetric).emit(output) }
    }

    /// The result for a matrix: keys `eigenvalues`, `eigenvectors` (a list of columns).
    public static func output(for a: Tensor, symmetric: Bool) throws -> CommandOutput {
        if symmetric {
            let eig = try SymmetricEigen(a)
            return CommandOutput(
                lines: [TextLayout.field("eigenvalues (ascending)", eig.eigenvalues),
                        TextLayout.field("eigenvectors (columns)", eig.eigenvectors)],
                json: .record([.eigenvalues: .tensor(eig.eigenvalues),
                               .eigenvectors: .columns(of: eig.eigenvectors)]))
        }
        let eig = try Eigen(a)
        let rows = a.shape[0]
        let cells = (0..<rows).map { i in eig.eigenvectors.map { TextLayout.number($0[i]) } }
        return CommandOutput(
            lines: ["eigenvalues (descending real part): " + TextLayout.vector(eig.eigenvalues.map(TextLayout.number)),
                    "eigenvectors (columns, unit 2-norm):\n" + TextLayout.matrix(cells)],
            json: .record([.eigenvalues: .array(eig.eigenvalues.map(JSONValue.complex)),
                           .eigenvectors: .array(eig.eigenvectors.map { .array($0.map(JSONValue.complex)) })]))
    }
}
