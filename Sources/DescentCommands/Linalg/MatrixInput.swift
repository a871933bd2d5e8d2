import ArgumentParser
import DescentCore

/// The positional matrix argument shared by the single-matrix verbs.
public struct MatrixInput: ParsableArguments {
    /// The matrix: a path or `dataset:NAME` (see `readMatrix`).
    @Argument(help: "The matrix A: \(MatrixFile.formats).")
    public var matrix: String

    public init() {}

    /// Reads A.
    func read() throws -> Tensor { try readMatrix(matrix) }
}
