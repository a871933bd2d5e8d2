// Element access, rows, columns and rectangular slices.

extension Tensor {
    /// The element at a multi-index, one integer per axis.
    @inlinable
    public subscript(_ indices: Int...) -> Double {
        get { scalars[flatIndex(indices)] }
        set { scalars[flatIndex(indices)] = newValue }
    }

    /// The flat row-major position of a multi-index.
    @inlinable
    public func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == rank,
                     "Tensor: \(indices.count) indices for a tensor of shape \(shape)")
        var flat = 0
        for axis in 0..<rank {
            let i = indices[axis]
            precondition(i >= 0 && i < shape[axis],
                         "Tensor: index \(indices) out of range for shape \(shape)")
            flat = flat * shape[axis] + i
        }
        return flat
    }

    /// Row `i` of a matrix as a vector.
    public func row(_ i: Int) -> Tensor {
        precondition(rank == 2, "Tensor.row: needs a matrix, got shape \(shape)")
        precondition(i >= 0 && i < shape[0], "Tensor.row: row \(i) out of range for shape \(shape)")
        let n = shape[1]
        return Tensor(shape: [n], scalars: Array(scalars[(i * n)..<((i + 1) * n)]))
    }

    /// Column `j` of a matrix as a vector.
    public func column(_ j: Int) -> Tensor {
        precondition(rank == 2, "Tensor.column: needs a matrix, got shape \(shape)")
        precondition(j >= 0 && j < shape[1], "Tensor.column: column \(j) out of range for shape \(shape)")
        let (m, n) = (shape[0], shape[1])
        return Tensor(shape: [m]) { scalars[$0 * n + j] }
    }

    /// The rectangular block of a matrix with the given row and column ranges.
    public func slice(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> Tensor {
        precondition(rank == 2, "Tensor.slice: needs a matrix, got shape \(shape)")
        precondition(rowRange.lowerBound >= 0 && rowRange.upperBound <= shape[0]
                     && columnRange.lowerBound >= 0 && columnRange.upperBound <= shape[1],
                     "Tensor.slice: rows \(rowRange), columns \(columnRange) out of range for shape \(shape)")
        let n = shape[1]
        var values = [Double]()
        values.reserveCapacity(rowRange.count * columnRange.count)
        for i in rowRange {
            values.append(contentsOf: scalars[(i * n + columnRange.lowerBound)..<(i * n + columnRange.upperBound)])
        }
        return Tensor(shape: [rowRange.count, columnRange.count], scalars: values)
    }

    /// Rows `range` of a matrix (all columns), or elements `range` of a vector.
    public func slice(rows rowRange: Range<Int>) -> Tensor {
        switch rank {
        case 1:
            precondition(rowRange.lowerBound >= 0 && rowRange.upperBound <= shape[0],
                         "Tensor.slice: \(rowRange) out of range for shape \(shape)")
            return Tensor(shape: [rowRange.count], scalars: Array(scalars[rowRange]))
        case 2:
            let n = shape[1]
            precondition(rowRange.lowerBound >= 0 && rowRange.upperBound <= shape[0],
                         "Tensor.slice: rows \(rowRange) out of range for shape \(shape)")
            return Tensor(shape: [rowRange.count, n],
                          scalars: Array(scalars[(rowRange.lowerBound * n)..<(rowRange.upperBound * n)]))
        default:
            preconditionFailure("Tensor.slice(rows:): needs a vector or matrix, got shape \(shape)")
        }
    }

    /// Columns `range` of a matrix (all rows).
    public func slice(columns columnRange: Range<Int>) -> Tensor {
        slice(rows: 0..<rows, columns: columnRange)
    }

    /// The rows at the given indices, in that order (NumPy's `a[indices]`).
    public func gatherRows(_ indices: [Int]) -> Tensor {
        switch rank {
        case 1:
            return Tensor(shape: [indices.count]) { scalars[indices[$0]] }
        case 2:
            let n = shape[1]
            var values = [Double]()
            values.reserveCapacity(indices.count * n)
            for i in indices {
                precondition(i >= 0 && i < shape[0], "Tensor.gatherRows: row \(i) out of range for shape \(shape)")
                values.append(contentsOf: scalars[(i * n)..<((i + 1) * n)])
            }
            return Tensor(shape: [indices.count, n], scalars: values)
        default:
            preconditionFailure("Tensor.gatherRows: needs a vector or matrix, got shape \(shape)")
        }
    }

    /// Replaces row `i` of a matrix with a vector of matching length.
    public mutating func setRow(_ i: Int, to vector: Tensor) {
        precondition(rank == 2 && vector.count == shape[1],
                     "Tensor.setRow: vector of shape \(vector.shape) does not fit a row of shape \(shape)")
        let n = shape[1]
        scalars.replaceSubrange((i * n)..<((i + 1) * n), with: vector.scalars)
    }

    /// Replaces column `j` of a matrix with a vector of matching length.
    public mutating func setColumn(_ j: Int, to vector: Tensor) {
        precondition(rank == 2 && vector.count == shape[0],
                     "Tensor.setColumn: vector of shape \(vector.shape) does not fit a column of shape \(shape)")
        let n = shape[1]
        for i in 0..<shape[0] { scalars[i * n + j] = vector.scalars[i] }
    }
}
