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
            ascending and orthonormal eigenvectors, each with its largest entry positive.
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
    public static func output(for a: Tensor, symmetric: Bool) throws -> LinalgOutput {
        if symmetric {
            let eig = try SymmetricEigen(a)
            let n = a.shape[0]
            let columns = (0..<n).map { eig.eigenvectors.column($0) }
            return LinalgOutput(
                text: LinalgOutput.block("eigenvalues (ascending)", eig.eigenvalues) + "\n"
                    + LinalgOutput.block("eigenvectors (columns)", eig.eigenvectors),
                json: .object([("eigenvalues", .tensor(eig.eigenvalues)),
                               ("eigenvectors", .array(columns.map(JSONValue.tensor)))]))
        }
        let eig = try Eigen(a)
        var lines = ["eigenvalues (descending real part):"]
        lines += eig.eigenvalues.map { "  " + LinalgOutput.format($0) }
        lines.append("eigenvectors (unit 2-norm):")
        for (k, v) in eig.eigenvectors.enumerated() {
            lines.append("  v\(k + 1) = [" + v.map(LinalgOutput.format).joined(separator: ", ") + "]")
        }
        return LinalgOutput(
            text: lines.joined(separator: "\n"),
            json: .object([("eigenvalues", .array(eig.eigenvalues.map(LinalgOutput.pair))),
                           ("eigenvectors", .array(eig.eigenvectors.map { .array($0.map(LinalgOutput.pair)) }))]))
    }
}
