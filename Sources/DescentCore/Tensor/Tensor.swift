/// A dense, row-major, n-dimensional array of `Double`.
///
/// `Tensor` is a value type: its scalars live in a Swift `Array`, which is copy-on-write, so
/// copies are O(1) until one side mutates. Rank 0 is a scalar, rank 1 a vector, rank 2 a matrix;
/// most of the library's mathematics is written for ranks 0–2, while element-wise arithmetic,
/// broadcasting, reshaping and reductions are rank-generic.
///
/// Element `(i₀, …, iₖ₋₁)` lives at flat index `Σⱼ iⱼ·strideⱼ` with `strideⱼ = Πₗ₍ₗ₎₍>₎ⱼ shapeₗ`
/// (row-major, C order, the same as NumPy's default).
public struct Tensor: Sendable, Hashable {
    /// The extent of each axis. `[]` for a scalar, `[n]` for a vector, `[rows, columns]` for a matrix.
    public var shape: [Int] { storedShape }
    @usableFromInline var storedShape: [Int]

    /// The elements in row-major order. Its count is always the product of `shape`.
    ///
    /// Element writes `t.scalars[i] = x` happen in place (through `_modify`), also from other
    /// modules; a stored property with a `didSet` check would copy the whole array on every
    /// element write from outside this module, turning a loop of n writes into O(n²) work.
    @inlinable
    public var scalars: [Double] {
        get { storage }
        _modify {
            // Comparing counts (not recomputing the shape's product) keeps element writes O(1).
            let count = storage.count
            yield &storage
            precondition(storage.count == count,
                         "Tensor.scalars: new count \(storage.count) does not match shape \(storedShape)")
        }
        set {
            precondition(newValue.count == Tensor.elementCount(storedShape),
                         "Tensor.scalars: new count \(newValue.count) does not match shape \(storedShape)")
            storage = newValue
        }
    }
    @usableFromInline var storage: [Double]

    /// Creates a tensor of the given shape from row-major scalars.
    /// - Precondition: `scalars.count == shape.reduce(1, *)` and every extent is ≥ 0.
    @inlinable
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        precondition(Tensor.elementCount(shape) == scalars.count,
                     "Tensor: \(scalars.count) scalars cannot fill shape \(shape)")
        self.storedShape = shape
        self.storage = scalars
    }

    /// A rank-0 tensor holding one value.
    @inlinable
    public init(_ value: Double) {
        self.init(shape: [], scalars: [value])
    }

    /// A vector (rank 1) with the given elements.
    @inlinable
    public init(_ vector: [Double]) {
        self.init(shape: [vector.count], scalars: vector)
    }

    /// A matrix (rank 2) from its rows. All rows must have the same length.
    public init(_ rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() {
            precondition(row.count == columns,
                         "Tensor: row \(i) has \(row.count) elements, row 0 has \(columns)")
        }
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A tensor of the given shape with every element equal to `value`.
    @inlinable
    public init(shape: [Int], repeating value: Double) {
        self.init(shape: shape, scalars: ScalarArray.make(count: Tensor.elementCount(shape)) { $0.initialize(repeating: value) })
    }

    /// A tensor whose element at flat (row-major) index `i` is `element(i)`.
    @inlinable
    public init(shape: [Int], _ element: (Int) throws -> Double) rethrows {
        let n = Tensor.elementCount(shape)
        var values = [Double]()
        values.reserveCapacity(n)
        for i in 0..<n { values.append(try element(i)) }
        self.init(shape: shape, scalars: values)
    }

    /// A `rows × columns` matrix whose element `(i, j)` is `element(i, j)`.
    @inlinable
    public init(rows: Int, columns: Int, _ element: (Int, Int) throws -> Double) rethrows {
        var values = [Double]()
        values.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { values.append(try element(i, j)) }
        }
        self.init(shape: [rows, columns], scalars: values)
    }

    /// Creates a tensor by filling an uninitialized buffer of `shape.reduce(1, *)` elements.
    /// The closure must initialize every element; it is the allocation-free path used by kernels.
    @inlinable
    public init(shape: [Int], unsafeUninitialized fill: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows {
        let n = Tensor.elementCount(shape)
        self.init(shape: shape, scalars: try ScalarArray.make(count: n, fill))
    }

    /// The number of elements a tensor of this shape holds (1 for a scalar).
    @inlinable
    public static func elementCount(_ shape: [Int]) -> Int {
        shape.reduce(1, *)
    }
}

// MARK: - Basic properties

extension Tensor {
    /// The number of axes.
    @inlinable public var rank: Int { shape.count }
    /// The number of elements.
    @inlinable public var count: Int { scalars.count }
    /// Whether the tensor holds no element (some extent is 0).
    @inlinable public var isEmpty: Bool { scalars.isEmpty }

    /// Rows of a matrix; a vector counts as one column (`[n]` → n rows), a scalar as 1 × 1.
    @inlinable public var rows: Int {
        switch rank {
        case 0: return 1
        case 1: return shape[0]
        default: return shape[0]
        }
    }

    /// Columns of a matrix; a vector counts as one column, a scalar as 1 × 1.
    @inlinable public var columns: Int {
        switch rank {
        case 0, 1: return 1
        default: return shape[1]
        }
    }

    /// Whether this is a rank-2 tensor with as many rows as columns.
    @inlinable public var isSquare: Bool { rank == 2 && shape[0] == shape[1] }

    /// The single value of a tensor with one element (rank 0, or any shape of count 1).
    @inlinable public var scalar: Double {
        precondition(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements")
        return scalars[0]
    }

    /// Row-major strides: the flat-index step for each axis.
    @inlinable public var strides: [Int] {
        var result = [Int](repeating: 1, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            result[axis] = step
            step *= shape[axis]
        }
        return result
    }

    /// Whether every element is finite (no NaN, no ±∞).
    public var isFinite: Bool {
        scalars.withUnsafeBufferPointer { buffer in
            for value in buffer where !value.isFinite { return false }
            return true
        }
    }

    /// The multi-index of the first element that is NaN or infinite, or `nil` if all are finite.
    public var firstNonFiniteIndex: [Int]? {
        guard let flat = scalars.firstIndex(where: { !$0.isFinite }) else { return nil }
        return multiIndex(ofFlatIndex: flat)
    }

    /// Converts a flat row-major index into a multi-index.
    @inlinable
    public func multiIndex(ofFlatIndex flat: Int) -> [Int] {
        var remainder = flat
        var index = [Int](repeating: 0, count: rank)
        for axis in stride(from: rank - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return index
    }
}

// MARK: - Factories

extension Tensor {
    /// A tensor of zeros.
    @inlinable public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }
    /// A tensor of ones.
    @inlinable public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

    /// The `n × n` identity matrix Iₙ.
    public static func identity(_ n: Int) -> Tensor {
        var result = Tensor.zeros([n, n])
        for i in 0..<n { result.scalars[i * n + i] = 1 }
        return result
    }

    /// The square matrix with `values` on its diagonal and zeros elsewhere.
    public static func diagonal(_ values: [Double]) -> Tensor {
        let n = values.count
        var result = Tensor.zeros([n, n])
        for i in 0..<n { result.scalars[i * n + i] = values[i] }
        return result
    }

    /// The square matrix with the elements of a vector on its diagonal.
    public static func diagonal(_ vector: Tensor) -> Tensor {
        diagonal(vector.scalars)
    }

    /// `count` evenly spaced values from `start` to `end` inclusive (NumPy's `linspace`).
    public static func linearlySpaced(from start: Double, to end: Double, count: Int) -> Tensor {
        precondition(count >= 0, "Tensor.linearlySpaced: negative count \(count)")
        if count == 1 { return Tensor([start]) }
        let step = (end - start) / Double(count - 1)
        return Tensor(shape: [count]) { i in i == count - 1 ? end : start + Double(i) * step }
    }

    /// `[start, start + step, …]` up to but excluding `end` (NumPy's `arange`).
    public static func range(from start: Double = 0, to end: Double, step: Double = 1) -> Tensor {
        precondition(step != 0, "Tensor.range: step must not be zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor(shape: [n]) { start + Double($0) * step }
    }

    /// The main diagonal of a matrix as a vector.
    public var diagonalElements: Tensor {
        precondition(rank == 2, "Tensor.diagonalElements: needs a matrix, got shape \(shape)")
        let n = Swift.min(shape[0], shape[1])
        return Tensor(shape: [n]) { scalars[$0 * shape[1] + $0] }
    }

    /// The sum of the diagonal elements, tr(A) = Σᵢ Aᵢᵢ (compensated, as `sum()`).
    public var trace: Double { diagonalElements.sum() }
}

// MARK: - Literals

extension Tensor: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(floatLiteral value: Double) { self.init(value) }
    public init(integerLiteral value: Int) { self.init(Double(value)) }

    /// Nested array literals build tensors of any rank: `[[1, 2], [3, 4]]` is a 2 × 2 matrix.
    /// Every element must have the same shape.
    public init(arrayLiteral elements: Tensor...) {
        self = Tensor.stack(elements)
    }
}
