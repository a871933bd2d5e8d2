import DescentCore

// Reshaping, transposition, indexing, slicing and concatenation. Each pullback moves the
// cotangent back to where the elements came from (zeros elsewhere).

extension Variable {
    /// The same elements in a new shape (one extent may be −1); pullback reshapes back.
    public func reshaped(_ newShape: [Int]) -> Variable {
        Variable.record(value.reshaped(newShape), self) { c in [c.cotangent.reshaped(c.inputs[0].shape)] }
    }

    /// The elements as a vector.
    public var flattened: Variable { reshaped([count]) }

    /// The matrix transpose (ranks 0 and 1 unchanged); pullback transposes back.
    public var transposed: Variable {
        if rank < 2 { return self }
        return Variable.record(value.transposed, self) { c in [c.cotangent.transposed] }
    }

    /// The element at a row-major flat index, as a rank-0 value; pullback scatters ḡ into zeros.
    public func element(atFlatIndex index: Int) -> Variable {
        precondition(index >= 0 && index < count, "Variable.element: index \(index) out of range for shape \(shape)")
        return Variable.record(Tensor(value.scalars[index]), self) { c in
            [c.cotangent.scattered(intoShape: c.inputs[0].shape, atFlatIndex: index)]
        }
    }

    /// A zero tensor of `shape` with this rank-0 value at a flat index (the adjoint of
    /// `element(atFlatIndex:)`).
    func scattered(intoShape target: [Int], atFlatIndex index: Int) -> Variable {
        return Variable.record(Tensor.oneHot(target, at: index, value: value.scalars[0]), self) { c in [c.cotangent.element(atFlatIndex: index)] }
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
            [c.cotangent.padded(toShape: source, rowOffset: rows.lowerBound, columnOffset: columns.lowerBound)]
        }
    }

    /// Elements `range` of a vector; pullback places the cotangent in a zero vector.
    public func slice(_ range: Range<Int>) -> Variable {
        precondition(rank == 1 && range.lowerBound >= 0 && range.upperBound <= count,
                     "Variable.slice(_:): range \(range) out of bounds for shape \(shape)")
        return Variable.record(Tensor(Array(value.scalars[range])), self) { c in
            [c.cotangent.padded(toLength: c.inputs[0].count, offset: range.lowerBound)]
        }
    }

    /// This vector placed at `offset` in a zero vector of `length` (the adjoint of `slice(_:)`).
    func padded(toLength length: Int, offset: Int) -> Variable {
        let out = Tensor(shape: [length], unsafeUninitialized: { o in
            o.initialize(repeating: 0)
            value.scalars.withUnsafeBufferPointer { s in
                for i in 0..<s.count { o[offset + i] = s[i] }
            }
        })
        return Variable.record(out, self) { c in [c.cotangent.slice(offset..<(offset + c.inputs[0].count))] }
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
        let out = Tensor(shape: target, unsafeUninitialized: { o in
            o.initialize(repeating: 0)
            value.scalars.withUnsafeBufferPointer { s in
                for i in 0..<m {
                    let base = (i + rowOffset) * target[1] + columnOffset
                    for j in 0..<n { o[base + j] = s[i * n + j] }
                }
            }
        })
        return Variable.record(out, self) { c in
            [c.cotangent.slice(rows: rowOffset..<(rowOffset + m), columns: columnOffset..<(columnOffset + n))]
        }
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
                return axis == 0 ? c.cotangent.slice(rows: range, columns: 0..<s[1])
                                 : c.cotangent.slice(rows: 0..<s[0], columns: range)
            }
        }
    }
}
