import ArgumentParser
import DescentCore

/// The two positional arguments of `solve` and `lstsq`: A and the right-hand side b.
public struct SystemInput: ParsableArguments {
    @Argument(help: "The matrix A (m × n): \(MatrixFile.formats).")
    public var matrix: String

    @Argument(help: "b, in any format A may have: one column or one row of m numbers, or an m × k matrix.")
    public var rightHandSide: String

    public init() {}

    /// Reads A and b; b becomes a vector when given as one column or as one row of length m.
    func read() throws -> (a: Tensor, b: Tensor) {
        let a = try readMatrix(matrix)
        let b = try readMatrix(rightHandSide)
        return (a, SystemInput.normalizedRightHandSide(b, rows: a.shape[0]))
    }

    /// A single column `[m, 1]` or a single row `[1, m]` (m > 1) is the vector `[m]`; anything else
    /// stays a matrix (and a mismatch is reported by the library naming both shapes).
    public static func normalizedRightHandSide(_ b: Tensor, rows m: Int) -> Tensor {
        if b.shape[1] == 1 { return b.reshaped([b.shape[0]]) }
        if b.shape[0] == 1 && b.shape[1] == m { return b.reshaped([m]) }
        return b
    }
}
