/// Limits and policies for reading numeric CSV files.
///
/// The limits bound what a hostile or mistaken input can cost: memory is proportional to the
/// numbers kept (8 bytes each, plus at most one copy while the matrix is assembled), never to the
/// length of a line or of the file.
public struct CSVReadingOptions: Sendable, Equatable {
    /// The most numbers a file may hold; reading stops with a `CSVError` past it. The default,
    /// 2²⁸ (268 million numbers, 2 GiB as `Double`s), keeps a mistaken input from exhausting memory;
    /// raise it for larger matrices.
    public var maxValues: Int
    /// The longest field, in bytes; a longer field is an error (no number needs this many characters).
    public var maxFieldLength: Int
    /// Whether `nan`, `inf` and `-inf` (any case; also `infinity`) are accepted. The library's
    /// default is yes, so that later checks can name the entry; the command-line tool refuses them
    /// here, where the message can give the file, line and column.
    public var allowsNonFinite: Bool

    /// The default limits: 2²⁸ numbers, fields up to 1024 bytes, non-finite values accepted.
    public init(maxValues: Int = 1 << 28, maxFieldLength: Int = 1024, allowsNonFinite: Bool = true) {
        precondition(maxValues >= 0 && maxFieldLength >= 1,
                     "CSVReadingOptions: maxValues \(maxValues) must be ≥ 0 and maxFieldLength \(maxFieldLength) ≥ 1")
        self.maxValues = maxValues
        self.maxFieldLength = maxFieldLength
        self.allowsNonFinite = allowsNonFinite
    }
}
