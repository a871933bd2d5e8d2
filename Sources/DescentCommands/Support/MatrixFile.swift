import DescentCore
import DescentLearn

/// The one reader of every verb's matrix arguments, chosen by the argument's form:
/// - `dataset:NAME`: a bundled dataset's feature matrix (a graph's weighted adjacency matrix);
/// - `FILE.npy`: a NumPy array of 0, 1 or 2 dimensions (a vector is one column, as in CSV);
/// - `FILE.mtx`: a Matrix Market matrix (coordinate or array), held densely;
/// - anything else: a headerless CSV matrix.
///
/// Errors name the file and the place: CSV line and column, Matrix Market line, the NumPy header's
/// fault, or the 1-based entry holding NaN or ±∞ (refused here, where the message can say where).
public func readMatrix(_ path: String) throws -> Tensor {
    switch MatrixFile.kind(of: path) {
    case .dataset(let name):
        return try Dataset.named(name).matrix()
    case .npy:
        let array = try Tensor(contentsOfNPY: path)
        let matrix: Tensor
        switch array.rank {
        case 0: matrix = array.reshaped([1, 1])
        case 1: matrix = array.reshaped([array.shape[0], 1])
        case 2: matrix = array
        default: throw UsageError("\(path): a \(array.rank)-dimensional array of shape \(MatrixFile.shape(array.shape)); a matrix has 1 or 2 dimensions")
        }
        try MatrixFile.requireFinite(matrix.scalars, columns: matrix.shape[1], path: path)
        return matrix
    case .matrixMarket:
        let matrix = try Tensor(contentsOfMatrixMarket: path)
        try MatrixFile.requireFinite(matrix.scalars, columns: matrix.shape[1], path: path)
        return matrix
    case .csv:
        return try Tensor(contentsOfCSV: path, options: CSVReadingOptions(allowsNonFinite: false))
    }
}

/// How a matrix argument is read, and the checks shared by its readers.
public enum MatrixFile {
    /// The forms a matrix argument takes.
    public enum Kind: Equatable, Sendable {
        /// `dataset:NAME`.
        case dataset(String)
        /// A path ending in `.npy` (any case).
        case npy
        /// A path ending in `.mtx` (any case).
        case matrixMarket
        /// Anything else: headerless CSV.
        case csv
    }

    /// The one sentence every matrix argument's help ends with.
    public static let formats = "headerless CSV, NumPy .npy, Matrix Market .mtx, or dataset:NAME (see `descent datasets`)"

    /// The form of `argument`, by its prefix or extension.
    public static func kind(of argument: String) -> Kind {
        if argument.hasPrefix("dataset:") { return .dataset(String(argument.dropFirst("dataset:".count))) }
        let lowered = argument.lowercased()
        if lowered.hasSuffix(".npy") { return .npy }
        if lowered.hasSuffix(".mtx") { return .matrixMarket }
        return .csv
    }

    /// Refuses NaN and ±∞ with the 1-based row and column of the first one.
    static func requireFinite(_ values: [Double], columns: Int, path: String) throws {
        guard let k = values.firstIndex(where: { !$0.isFinite }) else { return }
        throw UsageError("\(path): entry (\(k / columns + 1), \(k % columns + 1)) is \(NumberFormat.exact(values[k])), not a finite number")
    }

    /// `3 × 4 × 5`.
    static func shape(_ extents: [Int]) -> String { extents.map(String.init).joined(separator: " × ") }
}
