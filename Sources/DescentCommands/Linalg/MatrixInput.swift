import ArgumentParser
import DescentCore

/// The positional matrix argument shared by the single-matrix verbs.
public struct MatrixInput: ParsableArguments {
    /// Path of a headerless CSV matrix.
    @Argument(help: "Headerless CSV file holding the matrix A.")
    public var matrix: String

    public init() {}

    /// Reads A.
    func read() throws -> Tensor { try readMatrix(matrix) }
}
