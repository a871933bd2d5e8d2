import DescentCore
import Foundation
import Testing
import _TestSupport

@Suite("Sparse CSR matrix")
struct SparseMatrixTests {
    let reference = IterativeReferences.data["csr"]

    @Test func tripletsSumDuplicatesLikeSciPy() throws {
        let shape = reference.doubles("shape").map { Int($0) }
        let a = try IterativeReferences.sparse(reference, rows: shape[0], columns: shape[1])
        #expect(a.rowOffsets == reference.doubles("indptr").map { Int($0) })
        #expect(a.columnIndices == reference.doubles("indices").map { Int32($0) })
        // Summing duplicates in a different order than SciPy can differ by an ulp.
        expectClose(a.values, reference.doubles("data"), rtol: 1e-15, atol: 1e-15, "sums of ≤ 3 duplicates, order may differ")
        #expect(a.nonZeroCount == reference.doubles("data").count)
    }

    @Test func productsMatchSciPy() throws {
        let shape = reference.doubles("shape").map { Int($0) }
        let a = try IterativeReferences.sparse(reference, rows: shape[0], columns: shape[1])
        let reason = "sums of ≤ 15 products; summation order differs from SciPy"
        expectClose(a.multiplied(by: reference.tensor("x")), reference.tensor("ax"), rtol: 1e-13, atol: 1e-14, reason)
        expectClose(a.transposeMultiplied(by: reference.tensor("y")), reference.tensor("aty"), rtol: 1e-13, atol: 1e-14, reason)
        expectClose(a.transposed.multiplied(by: reference.tensor("y")), reference.tensor("aty"), rtol: 1e-13, atol: 1e-14, reason)
        expectClose(a.transposeMultiplied(byMatrix: reference.tensor("y").asColumn), reference.tensor("aty").asColumn, rtol: 1e-13, atol: 1e-14, reason)
        expectClose(matmul(a, reference.tensor("b")), reference.tensor("ab"), rtol: 1e-13, atol: 1e-14, reason)
        expectClose(a.rowSums, reference.tensor("row_sums"), rtol: 1e-13, atol: 1e-14, reason)
        expectClose(a.columnSums, reference.tensor("column_sums"), rtol: 1e-13, atol: 1e-14, reason)
        // The dense round trip is exact: no arithmetic happens.
        #expect(SparseMatrix(dense: a.toDense()) == a)
        #expect(a.transposed.toDense() == a.toDense().transposed)
        #expect(a.transposed.transposed == a)
    }

    @Test func smallExampleByHand() throws {
        let a = try SparseMatrix(rows: 2, columns: 3, triplets: [(0, 2, 3), (1, 0, 4), (0, 0, 1), (0, 2, 2)])
        #expect(a.toDense() == Tensor([[1, 0, 5], [4, 0, 0]]))
        #expect(a[0, 2] == 5 && a[0, 1] == 0 && a[1, 0] == 4)
        #expect(a.multiplied(by: Tensor([1, 2, 3])) == Tensor([16, 4]))
        #expect(a.scalingRows(by: Tensor([2, 10])).toDense() == Tensor([[2, 0, 10], [40, 0, 0]]))
        #expect(a.scalingColumns(by: Tensor([1, 7, -1])).toDense() == Tensor([[1, 0, -5], [4, 0, 0]]))
        #expect((2 * a).toDense() == Tensor([[2, 0, 10], [8, 0, 0]]))
        #expect(SparseMatrix.identity(3).toDense() == Tensor.identity(3))
        #expect(SparseMatrix.diagonal([1, 2]).diagonalElements == Tensor([1, 2]))
        #expect(a.description.hasPrefix("SparseMatrix 2 × 3, 3 non-zeros\n  (0, 0) 1"))
    }

    @Test func emptyAndZeroShapes() throws {
        let empty = try SparseMatrix(rows: 0, columns: 0, triplets: [])
        #expect(empty.multiplied(by: Tensor.zeros([0])).shape == [0])
        let zero = try SparseMatrix(rows: 3, columns: 2, triplets: [])
        #expect(zero.multiplied(by: Tensor([1, 2])) == Tensor.zeros([3]))
        #expect(zero.transposed.shape == [2, 3])
        #expect(zero.multiplied(byMatrix: Tensor.ones([2, 4])) == Tensor.zeros([3, 4]))
        #expect(zero.multiplied(byMatrix: Tensor.zeros([2, 0])).shape == [3, 0])
        let one = try SparseMatrix(rows: 1, columns: 1, triplets: [(0, 0, -2)])
        #expect(one.multiplied(by: Tensor([3])) == Tensor([-6]))
    }

    @Test func badTripletsThrowNamingTheTriplet() {
        #expect(throws: SparseMatrixError.indexOutOfRange(triplet: 1, row: 2, column: 0, shape: [2, 2])) {
            try SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 1), (2, 0, 1)])
        }
        #expect(throws: SparseMatrixError.indexOutOfRange(triplet: 0, row: 0, column: -1, shape: [2, 2])) {
            try SparseMatrix(rows: 2, columns: 2, triplets: [(0, -1, 1)])
        }
        #expect(throws: SparseMatrixError.negativeShape(rows: -1, columns: 2)) {
            try SparseMatrix(rows: -1, columns: 2, triplets: [])
        }
        let message = SparseMatrixError.indexOutOfRange(triplet: 1, row: 2, column: 0, shape: [2, 2]).description
        #expect(message.contains("triplet 1") && message.contains("(2, 0)"))
    }

    /// Extents past Int32.max used to trap (columns) or try to allocate rows + 1 offsets (rows):
    /// both are user data, so they throw before any allocation of that size.
    @Test func shapeBeyondInt32Throws() {
        let limit = Int(Int32.max)
        #expect(throws: SparseMatrixError.shapeTooLarge(rows: 1, columns: limit + 1)) {
            try SparseMatrix(rows: 1, columns: limit + 1, triplets: [(0, 0, 1)])
        }
        #expect(throws: SparseMatrixError.shapeTooLarge(rows: 999_999_999_999, columns: 1)) {
            try SparseMatrix(rows: 999_999_999_999, columns: 1, triplets: [])
        }
        #expect(throws: SparseMatrixError.shapeTooLarge(rows: .max, columns: .max)) {
            try SparseMatrix(rows: .max, columns: .max, triplets: [])
        }
        #expect(SparseMatrixError.shapeTooLarge(rows: 1, columns: limit + 1).description.contains("Int32"))
        // The largest allowed extent itself is fine when it does not need memory proportional to it.
        #expect((try? SparseMatrix(rows: 1, columns: limit, triplets: [(0, limit - 1, 2)]))?[0, limit - 1] == 2)
    }

    @Test func nonFiniteEntryIsReportedWithItsPosition() throws {
        let a = try SparseMatrix(rows: 3, columns: 3, triplets: [(0, 0, 1), (2, 1, .infinity)])
        #expect(throws: LinearAlgebraError.nonFinite(operation: "test", index: [2, 1], value: .infinity)) {
            try a.requireFinite("test")
        }
    }

    /// The parallel path (above 200 000 non-zeros) must agree with the serial kernel on every row.
    @Test func parallelProductMatchesSerialReference() throws {
        var generator = SeededGenerator(seed: 11)
        let (m, n, count) = (3000, 2000, 300_000)
        var rows = [Int](), columns = [Int](), values = [Double]()
        for _ in 0..<count {
            // Skewed rows (a few dense ones) exercise the non-zero-balanced chunking.
            let u = generator.nextUniform()
            rows.append(Int(Double(m) * u * u))
            columns.append(Int(generator.next(upperBound: UInt64(n))))
            values.append(generator.nextNormal())
        }
        let a = try SparseMatrix(rows: m, columns: n, rowIndices: rows, columnIndices: columns, values: values)
        #expect(a.nonZeroCount > 200_000)
        let x = Tensor.randomNormal([n], using: &generator)
        let y = a.multiplied(by: x)
        // Serial reference, one row at a time from the stored entries.
        var expected = [Double](repeating: 0, count: m)
        for i in 0..<m {
            for p in a.rowOffsets[i]..<a.rowOffsets[i + 1] { expected[i] += a.values[p] * x.scalars[Int(a.columnIndices[p])] }
        }
        expectClose(y, Tensor(expected), rtol: 1e-12, atol: 1e-12, "same products; the kernel sums with two accumulators")
        let block = Tensor.randomNormal([n, 2], using: &generator)
        expectClose(a.multiplied(byMatrix: block).column(1), a.multiplied(by: block.column(1)), rtol: 1e-12, atol: 1e-12,
                    "same products, same order per row")
    }
}
