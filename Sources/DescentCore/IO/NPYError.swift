/// A NumPy `.npy` file that cannot be read: what is wrong with it, in one line.
///
/// A data error (the second kind of failure in ARCHITECTURE.md): a truncated file, a bad magic
/// string, a header that is not the dictionary NumPy writes, an unsupported dtype (complex, object,
/// strings, half precision, structured), or data whose size does not match the header's shape.
public struct NPYError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What was wrong.
    public let reason: String
    /// The file, when the bytes came from one.
    public var file: String?

    /// The error for `reason`.
    public init(_ reason: String, file: String? = nil) {
        self.reason = reason
        self.file = file
    }

    /// One line: `file: reason`.
    public var description: String { (file.map { "\($0): " } ?? "") + reason }
}
