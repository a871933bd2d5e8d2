import ArgumentParser
import ComplexModule
import DescentCore

/// What a `descent linalg` verb prints: a readable summary and the JSON object of `--json`.
///
/// Each verb computes one of these in a static `output(…)` function that takes tensors, so tests
/// can check the result without files or processes; `run()` only reads the CSV and prints.
public struct LinalgOutput: Sendable, Equatable {
    /// The readable summary (default output).
    public let text: String
    /// The machine-readable object (`--json`); its keys are a public contract.
    public let json: JSONValue

    public init(text: String, json: JSONValue) {
        self.text = text
        self.json = json
    }

    /// Prints the JSON object or the summary.
    func emit(_ options: OutputOptions) {
        DescentCommands.emit(options.json ? json.rendered() : text)
    }

    /// A complex number as the JSON pair `[re, im]`.
    static func pair(_ z: Complex<Double>) -> JSONValue {
        .array([.number(z.real), .number(z.imaginary)])
    }

    /// A complex number as text: `5.`, `1.5 + 2i`, `1.5 - 0.25i`.
    static func format(_ z: Complex<Double>) -> String {
        guard z.imaginary != 0 else { return Tensor.format(z.real) }
        let sign = z.imaginary < 0 ? "-" : "+"
        var imaginary = Tensor.format(Swift.abs(z.imaginary))
        if imaginary.hasSuffix(".") { imaginary.removeLast() }   // "2.i" reads badly
        return "\(Tensor.format(z.real)) \(sign) \(imaginary)i"
    }

    /// A labelled tensor block: "label:\n<tensor>".
    static func block(_ label: String, _ t: Tensor) -> String {
        "\(label):\n\(t)"
    }
}

/// The positional matrix argument shared by the single-matrix verbs.
public struct MatrixInput: ParsableArguments {
    /// Path of a headerless CSV matrix.
    @Argument(help: "Headerless CSV file holding the matrix A.")
    public var matrix: String

    public init() {}

    /// Reads A.
    func read() throws -> Tensor { try readMatrix(matrix) }
}

/// The two positional arguments of `solve` and `lstsq`: A and the right-hand side b.
public struct SystemInput: ParsableArguments {
    @Argument(help: "Headerless CSV file holding the matrix A (m × n).")
    public var matrix: String

    @Argument(help: "Headerless CSV file holding b: one column or one row of m numbers, or an m × k matrix.")
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
