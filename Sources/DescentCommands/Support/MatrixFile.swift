import DescentCore

/// Reads a headerless CSV matrix, with errors that name the file, line and column.
public func readMatrix(_ path: String) throws -> Tensor {
    try Tensor(contentsOfCSV: path)
}
