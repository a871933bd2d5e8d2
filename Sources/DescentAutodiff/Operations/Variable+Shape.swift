import DescentCore

// Reshaping, transposition, indexing, slicing and concatenation. Each pullback moves the
// cotangent back to where the elements came from (zeros elsewhere).

extension Variable {
    /// The same elements in a new shape (one extent may be −1); pullback reshapes back.
    public func reshaped(_ newShape: [Int]) -> Variable {
        Variable.record(value.reshaped(newShape), self) { c in [c.reshape(c.cotangent, to: c.inputs[0].shape)] }
            .supportingBatches()
    }

    /// The elements as a vector.
    public var flattened: Variable { reshaped([count]) }

    /// The matrix transpose (ranks 0 and 1 unchanged); pullback transposes back.
    public var transposed: Variable {
        if rank < 2 { return self }
        return Variable.record(value.transposed, self) { c in
            guard c.isBatched else { return [c.cotangent.transposed] }
            return [Variable(c.cotangent.value.stackTransposed())]  // transpose each matrix of the stack
        }.supportingBatches()
    }

    /// The element at a row-major flat index, as a rank-0 value; pullback scatters ḡ into zeros.
    public func element(atFlatIndex index: Int) -> Variable {
        precondition(index >= 0 && index < count, "Variable.element: index \(index) out of range for shape \(shape)")
        return Variable.record(Tensor(value.scalars[index]), self) { c in
            guard c.isBatched else { return [c.cotangent.scattered(intoShape: c.inputs[0].shape, atFlatIndex: index)] }
            // k seeds: column `index` of a k × n zero matrix.
            let (k, n) = (c.batchCount, c.inputs[0].count)
            let rows = c.cotangent.reshaped([k, 1]).padded(toShape: [k, n], rowOffset: 0, columnOffset: index)
            return [c.reshape(rows, to: c.inputs[0].shape)]
        }.supportingBatches()
    }

    /// A zero tensor of `shape` with this rank-0 value at a flat index (the adjoint of
    /// `element(atFlatIndex:)`).
    func scattered(intoShape target: [Int], atFlatIndex index: Int) -> Variable {
        return Variable.record(Tensor.oneHot(target, at: index, value: value.scalars[0]), self) { c in
            guard c.isBatched else { return [c.cotangent.element(atFlatIndex: index)] }
            let (k, n) = (c.batchCount, Tensor.elementCount(target))
            return [c.cotangent.reshaped([k, n]).slice(rows: 0..<k, columns: index..<(index + 1)).reshaped(c.batchShape)]
        }.supportingBatches()
    }

    /// Element i of a vector (or flat element i of any tensor), as a rank-0 value.
    public subscript(_ i: Int) -> Variable {
        precondition(rank <= 1, "Variable[i]: needs a vector, got shape \(shape); use [i, j] or element(atFlatIndex:)")
        return element(atFlatIndex: i)
    }

    /// Element (i, j) of a matrix, as a rank-0 value.
    public subscript(_ i: Int, _ j: Int) -> Variable {
        precondition(rank == 2 && i >= 0 && i < shape[0] && j >= 0 && j < shape[1],
                     "Variable[i, j]: (\(i), \(j)) out of range for shape \(shape)")
        return element(atFlatIndex: i * shape[1] + j)
    }

    /// The block of a matrix in the given rows and columns; pullback pads the cotangent with zeros.
    public func slice(rows: Range<Int>, columns: Range<Int>) -> Variable {
        precondition(rank == 2, "Variable.slice: needs a matrix, got shape \(shape)")
        let source = shape
        return Variable.record(value.slice(rows: rows, columns: columns), self) { c in
            guard c.isBatched else {
                return [c.cotangent.padded(toShape: source, rowOffset: rows.lowerBound, columnOffset: columns.lowerBound)]
            }
            let stack = c.cotangent.value.reshaped([c.batchCount, rows.count, columns.count])
            let padded = stack.blocksPadded(toShape: source, rowOffset: rows.lowerBound, columnOffset: columns.lowerBound)
            return [Variable(padded.reshaped(c.batchShape + source))]
        }.supportingBatches()
    }

    /// Elements `range` of a vector; pullback places the cotangent in a zero vector.
    public func slice(_ range: Range<Int>) -> Variable {
        precondition(rank == 1 && range.lowerBound >= 0 && range.upperBound <= count,
                     "Variable.slice(_:): range \(range) out of bounds for shape \(shape)")
        return Variable.record(Tensor(Array(value.scalars[range])), self) { c in
            guard c.isBatched else { return [c.cotangent.padded(toLength: c.inputs[0].count, offset: range.lowerBound)] }
            // k seeds: a k × range.count block placed in a k × n zero matrix.
            let (k, n) = (c.batchCount, c.inputs[0].count)
            let rows = c.cotangent.reshaped([k, range.count]).padded(toShape: [k, n], rowOffset: 0, columnOffset: range.lowerBound)
            return [c.reshape(rows, to: [n])]
        }.supportingBatches()
    }

    /// This vector placed at `offset` in a zero vector of `length` (the adjoint of `slice(_:)`).
    func padded(toLength length: Int, offset: Int) -> Variable {
        // One row placed in a 1 × length zero matrix.
        let out = value.reshaped([1, 1, count]).blocksPadded(toShape: [1, length], rowOffset: 0, columnOffset: offset)
            .reshaped([length])
        return Variable.record(out, self) { c in
            let m = c.inputs[0].count
            guard c.isBatched else { return [c.cotangent.slice(offset..<(offset + m))] }
            let k = c.batchCount
            return [c.reshape(c.cotangent.reshaped([k, length]).slice(rows: 0..<k, columns: offset..<(offset + m)), to: [m])]
        }.supportingBatches()
    }

    /// Row i of a matrix, as a vector.
    public func row(_ i: Int) -> Variable {
        slice(rows: i..<(i + 1), columns: 0..<shape[1]).reshaped([shape[1]])
    }

    /// Column j of a matrix, as a vector.
    public func column(_ j: Int) -> Variable {
        slice(rows: 0..<shape[0], columns: j..<(j + 1)).reshaped([shape[0]])
    }

    /// This matrix placed at (rowOffset, columnOffset) in a zero matrix of `target` shape (the
    /// adjoint of `slice`).
    func padded(toShape target: [Int], rowOffset: Int, columnOffset: Int) -> Variable {
        let (m, n) = (shape[0], shape[1])
        // A stack of one matrix: the same placement as the batched pullback of a slice.
        let out = value.reshaped([1, m, n]).blocksPadded(toShape: target, rowOffset: rowOffset, columnOffset: columnOffset)
            .reshaped(target)
        return Variable.record(out, self) { c in
            let (rows, columns) = (rowOffset..<(rowOffset + m), columnOffset..<(columnOffset + n))
            guard c.isBatched else { return [c.cotangent.slice(rows: rows, columns: columns)] }
            let stack = c.cotangent.value.reshaped([c.batchCount] + target)
            return [Variable(stack.blocksSliced(rows: rows, columns: columns).reshaped(c.batchShape + [m, n]))]
        }.supportingBatches()
    }

    /// Joins scalars and vectors end to end (into a vector), or matrices along axis 0 (stacked
    /// rows) or 1 (side by side); pullback slices the cotangent back into the pieces.
    public static func concatenate(_ parts: [Variable], axis: Int = 0) -> Variable {
        precondition(!parts.isEmpty, "Variable.concatenate: needs at least one part")
        if parts[0].rank <= 1 {
            // Scalars and vectors join end to end (a scalar counts as a vector of one element).
            precondition(axis == 0 && parts.allSatisfy { $0.rank <= 1 },
                         "Variable.concatenate: scalars and vectors join along axis 0, got shapes \(parts.map(\.shape))")
            let joined = concatenate(parts.map { $0.reshaped([1, $0.count]) }, axis: 1)
            return joined.reshaped([joined.count])
        }
        let shapes = parts.map(\.shape)
        let value = Tensor.concatenate(parts.map(\.value), axis: axis)
        return record(value, parts) { c in
            var offset = 0
            return shapes.enumerated().map { i, s in
                let extent = s[axis]
                defer { offset += extent }
                guard c.needs[i] else { return nil }
                let range = offset..<(offset + extent)
                let (rows, columns) = axis == 0 ? (range, 0..<s[1]) : (0..<s[0], range)
                guard c.isBatched else { return c.cotangent.slice(rows: rows, columns: columns) }
                let stack = c.cotangent.value.reshaped([c.batchCount] + value.shape)
                return Variable(stack.blocksSliced(rows: rows, columns: columns).reshaped(c.batchShape + s))
            }
        }.supportingBatches()
    }
}
