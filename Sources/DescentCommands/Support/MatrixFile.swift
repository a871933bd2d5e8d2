import DescentCore

/// Reads a headerless CSV matrix, with errors that name the file and the 1-based line and column:
/// NaN and ±∞ are refused here, where the message can say where they are.
public func readMatrix(_ path: String) throws -> Tensor {
    try Tensor(contentsOfCSV: path, options: CSVReadingOptions(allowsNonFinite: false))
}
