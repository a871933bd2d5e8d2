/// Streaming decoding of a `.npy` file: bytes in chunks of any size, a `Tensor` out.
///
/// Memory is the numbers actually present (8 bytes each) plus the header: a header that claims a
/// huge shape over a short file is reported as truncated, never allocated up front.
struct NPYDecoder {
    let maxValues: Int
    private var prefix: [UInt8] = []
    private var header: NPYHeader?
    private var count = 0
    private var values: [Double] = []
    private var partial: [UInt8] = []     // an element split across two chunks
    private var extraBytes = 0

    init(maxValues: Int) {
        self.maxValues = maxValues
    }

    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws {
        var rest = bytes[...]
        if header == nil {
            // Gather the header (at most ~10 kB) before any data.
            let needed: Int? = try prefix.withUnsafeBytes { try NPYHeader.requiredLength($0) }
            let take = needed.map { Swift.max(0, $0 - prefix.count) } ?? Swift.max(0, 12 - prefix.count)
            let taken = Swift.min(take, rest.count)
            prefix += rest.prefix(taken)
            rest = rest.dropFirst(taken)
            guard let total = try prefix.withUnsafeBytes({ try NPYHeader.requiredLength($0) }), prefix.count >= total else {
                if !rest.isEmpty { try consume(UnsafeRawBufferPointer(rebasing: rest)) }
                return
            }
            try start(try prefix.withUnsafeBytes { try NPYHeader.parse($0) })
        }
        try decode(UnsafeRawBufferPointer(rebasing: rest))
    }

    mutating func finish() throws -> Tensor {
        guard let header else {
            if prefix.isEmpty { throw NPYError("the file is empty") }
            // Let the magic and version checks speak first, then call it what it is.
            _ = try prefix.withUnsafeBytes { try NPYHeader.requiredLength($0) }
            throw NPYError("the file ends inside the header (truncated after \(prefix.count) bytes)")
        }
        let size = header.elementType.size
        guard values.count == count else {
            let have = values.count * size + partial.count
            throw NPYError("truncated: the header's shape \(NPYDecoder.format(header.shape)) needs \(count * size) bytes of data, the file has \(have)")
        }
        guard extraBytes == 0 else {
            throw NPYError("\(extraBytes) bytes after the data of shape \(NPYDecoder.format(header.shape)) (the file is longer than its header says)")
        }
        let scalars = header.fortranOrder && header.shape.count > 1 ? NPYDecoder.rowMajor(values, shape: header.shape) : values
        return Tensor(shape: header.shape, scalars: scalars)
    }

    private mutating func start(_ header: NPYHeader) throws {
        var total = 1
        for extent in header.shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= maxValues else {
                throw NPYError("the shape \(NPYDecoder.format(header.shape)) has more than \(maxValues) values (the reading limit); raise the limit to read a larger array")
            }
            total = product
        }
        self.header = header
        count = total
        values.reserveCapacity(Swift.min(total, 1 << 20))
        prefix = []
    }

    private mutating func decode(_ bytes: UnsafeRawBufferPointer) throws {
        guard let header, !bytes.isEmpty else { return }
        let size = header.elementType.size
        var offset = 0
        if !partial.isEmpty {
            let take = Swift.min(size - partial.count, bytes.count)
            partial += bytes[0..<take]
            offset = take
            guard partial.count == size else { return }
            try partial.withUnsafeBytes { try append($0, header: header) }
            partial = []
        }
        let whole = (bytes.count - offset) / size
        let wanted = Swift.min(whole, count - values.count)
        if wanted > 0 {
            try append(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + wanted * size)]), header: header)
            offset += wanted * size
        }
        if values.count == count {
            extraBytes += bytes.count - offset
        } else if offset < bytes.count {
            partial += bytes[offset...]
        }
    }

    /// Converts whole elements to doubles; integers that a double cannot hold exactly are errors.
    private mutating func append(_ bytes: UnsafeRawBufferPointer, header: NPYHeader) throws {
        let big = header.bigEndian
        let n = bytes.count / header.elementType.size
        func load<T: FixedWidthInteger>(_ type: T.Type, _ k: Int) -> T {
            let raw = bytes.loadUnaligned(fromByteOffset: k * MemoryLayout<T>.size, as: T.self)
            return big ? T(bigEndian: raw) : T(littleEndian: raw)
        }
        func exact<T: BinaryInteger>(_ value: T, _ k: Int, _ name: String) throws -> Double {
            guard let x = Double(exactly: value) else {
                throw NPYError("\(name) value \(value) at flat index \(values.count + k) is not exactly representable as a double (beyond 2^53)")
            }
            return x
        }
        switch header.elementType {
        case .float64: for k in 0..<n { values.append(Double(bitPattern: load(UInt64.self, k))) }
        case .float32: for k in 0..<n { values.append(Double(Float(bitPattern: load(UInt32.self, k)))) }
        case .int8: for k in 0..<n { values.append(Double(Int8(bitPattern: bytes[k]))) }
        case .uint8: for k in 0..<n { values.append(Double(bytes[k])) }
        case .int16: for k in 0..<n { values.append(Double(load(Int16.self, k))) }
        case .uint16: for k in 0..<n { values.append(Double(load(UInt16.self, k))) }
        case .int32: for k in 0..<n { values.append(Double(load(Int32.self, k))) }
        case .uint32: for k in 0..<n { values.append(Double(load(UInt32.self, k))) }
        case .int64: for k in 0..<n { values.append(try exact(load(Int64.self, k), k, "int64")) }
        case .uint64: for k in 0..<n { values.append(try exact(load(UInt64.self, k), k, "uint64")) }
        case .bool:
            for k in 0..<n {
                guard bytes[k] <= 1 else {
                    throw NPYError("bool value byte \(bytes[k]) at flat index \(values.count) is neither 0 nor 1")
                }
                values.append(Double(bytes[k]))
            }
        }
    }

    /// Column-major (first index fastest) values in row-major order for the same shape.
    static func rowMajor(_ values: [Double], shape: [Int]) -> [Double] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var result = [Double](repeating: 0, count: values.count)
        var index = [Int](repeating: 0, count: shape.count)
        var destination = 0
        for value in values {
            result[destination] = value
            // Advance the multi-index with axis 0 fastest, keeping the row-major offset in step.
            for axis in 0..<shape.count {
                index[axis] += 1
                destination += strides[axis]
                if index[axis] < shape[axis] { break }
                destination -= strides[axis] * shape[axis]
                index[axis] = 0
            }
        }
        return result
    }

    /// `(2, 3)` as NumPy prints a shape.
    static func format(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
