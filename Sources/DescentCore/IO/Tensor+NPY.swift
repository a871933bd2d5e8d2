extension Tensor {
    /// Decodes the bytes of a NumPy `.npy` file.
    ///
    /// Reads format versions 1.0, 2.0 and 3.0; element types float64, float32, int8/16/32/64,
    /// uint8/16/32/64 and bool, little- or big-endian; C or Fortran order (Fortran data are
    /// reordered to the row-major layout of `Tensor`); any number of dimensions, the tensor having
    /// the array's shape (a 0-d array is a scalar tensor). Every value becomes a `Double` exactly:
    /// a 64-bit integer beyond 2⁵³ that a double cannot hold is an error, not a rounding.
    /// - Parameters:
    ///   - bytes: the whole `.npy` file: magic, version, header, data.
    ///   - maxValues: the most values accepted (default 2²⁸, as `CSVReadingOptions`).
    /// - Throws: `NPYError`: bad magic, unsupported version or dtype (complex, object, strings,
    ///   half, structured), a malformed header, a shape over the limit, data shorter or longer than
    ///   the shape says.
    /// - Complexity: O(file length); memory 8 bytes per value (twice for Fortran order).
    /// - Reference: NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays".
    public init(npy bytes: [UInt8], maxValues: Int = 1 << 28) throws {
        var decoder = NPYDecoder(maxValues: maxValues)
        try bytes.withUnsafeBytes { try decoder.consume($0) }
        self = try decoder.finish()
    }

    /// Reads a NumPy `.npy` file (see `init(npy:maxValues:)`), streaming it in 1 MiB pieces.
    /// - Throws: `NPYError` carrying the file's path, including for a missing or unreadable file.
    public init(contentsOfNPY path: String, maxValues: Int = 1 << 28) throws {
        do {
            var decoder = NPYDecoder(maxValues: maxValues)
            try FileBytes.forEachChunk(ofFile: path) { try decoder.consume($0) }
            self = try decoder.finish()
        } catch let error as CSVError {
            throw NPYError(error.reason, file: path)   // FileBytes's open/read failures
        } catch var error as NPYError {
            error.file = path
            throw error
        }
    }

    /// The bytes of a `.npy` file holding this tensor, as `numpy.save` writes a float64 array:
    /// format version 1.0, little-endian `<f8`, C order, the tensor's shape, and the header padded
    /// with spaces so that the data start at a multiple of 64 bytes.
    /// - Complexity: O(count).
    public func npyData() -> [UInt8] {
        var bytes = NPYHeader.float64Header(shape: shape)
        let headerCount = bytes.count
        bytes += [UInt8](repeating: 0, count: count * 8)
        bytes.withUnsafeMutableBytes { out in
            for (k, x) in scalars.enumerated() {
                out.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: headerCount + 8 * k, as: UInt64.self)
            }
        }
        return bytes
    }

    /// Writes `npyData()` to `path` safely through `OutputFile` (atomic replacement of a regular
    /// file; devices and pipes written in place).
    /// - Throws: `OutputFileError` when the file cannot be written.
    public func writeNPY(to path: String) throws {
        let file = try OutputFile(path: path)
        try file.write(bytes: npyData())
        try file.close()
    }
}
