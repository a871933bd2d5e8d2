import DescentCore
import Foundation
import Testing
import _TestSupport

@Suite("Tensor basics")
struct TensorTests {
    @Test func literalsBuildAnyRank() {
        let m: Tensor = [[1, 2, 3], [4, 5, 6]]
        #expect(m.shape == [2, 3])
        #expect(m[1, 2] == 6)
        let v: Tensor = [1, 2]
        #expect(v.shape == [2])
        let s: Tensor = 3.5
        #expect(s.shape == [] && s.scalar == 3.5)
    }

    @Test func broadcastingFollowsNumPy() {
        let m: Tensor = [[1, 2, 3], [4, 5, 6]]
        let row: Tensor = [10, 20, 30]
        let column = Tensor([[100], [200]])
        #expect(m + row == Tensor([[11, 22, 33], [14, 25, 36]]))
        #expect(m + column == Tensor([[101, 102, 103], [204, 205, 206]]))
        #expect((m * 2).scalars == [2, 4, 6, 8, 10, 12])
        #expect(Tensor.broadcastShape([2, 1, 3], [4, 1]) == [2, 4, 3])
        #expect(Tensor.broadcastShape([2, 3], [2]) == nil)
    }

    @Test func reductionsAlongAxes() {
        let m: Tensor = [[1, 2, 3], [4, 5, 6]]
        #expect(m.sum() == 21)
        #expect(m.sum(alongAxis: 0) == Tensor([5, 7, 9]))
        #expect(m.sum(alongAxis: 1) == Tensor([6, 15]))
        #expect(m.max(alongAxis: 1) == Tensor([3, 6]))
        #expect(m.argmax() == 5)
        expectClose(m.variance(), 35.0 / 12.0, rtol: 1e-15, "exact rational value; a few ulps of rounding")
        expectClose(Tensor([3, -4]).norm(.two), 5, rtol: 1e-15)
        #expect(Tensor([3, -4]).norm(.one) == 7)
        #expect(Tensor([3, -4]).norm(.infinity) == 4)
    }

    /// ‖·‖₂ used to return 0 for a vector whose entries are all NaN (Swift.max drops a NaN second
    /// argument), so a NaN eigen-residual printed as 0. NaN anywhere must give NaN for every norm.
    @Test(arguments: [[Double.nan], [.nan, .nan], [1, .nan], [.nan, 1], [.infinity, .nan]])
    func normsPropagateNaN(_ values: [Double]) {
        for kind in [NormKind.one, .two, .frobenius, .infinity] {
            #expect(Tensor(values).norm(kind).isNaN, "\(kind) norm of \(values)")
        }
        #expect(Tensor([.infinity, 1]).norm(.two) == .infinity)
        #expect(Tensor([Double]()).norm(.two) == 0)
    }

    @Test func matmulUsesBLASWithTransposes() {
        let a: Tensor = [[1, 2], [3, 4], [5, 6]]
        let b: Tensor = [[1, 0, 2], [0, 1, 3]]
        #expect(matmul(a, b) == Tensor([[1, 2, 8], [3, 4, 18], [5, 6, 28]]))
        #expect(matmul(a, a, transposeA: true) == Tensor([[35, 44], [44, 56]]))
        #expect(a.gram == Tensor([[35, 44], [44, 56]]))
        #expect(matmul(a, Tensor([1, 1])) == Tensor([3, 7, 11]))
        #expect(matmul(Tensor([1, 1, 1]), a) == Tensor([9, 12]))
        #expect(matmul(Tensor.zeros([0, 3]), Tensor.zeros([3, 2])).shape == [0, 2])
        #expect(matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 2])) == Tensor.zeros([2, 2]))
    }

    @Test func shapesTransposeConcatenate() {
        let a: Tensor = [[1, 2, 3], [4, 5, 6]]
        #expect(a.transposed == Tensor([[1, 4], [2, 5], [3, 6]]))
        #expect(a.reshaped([3, -1]).shape == [3, 2])
        #expect(Tensor.concatenate([a, a], axis: 1).shape == [2, 6])
        #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1) == Tensor([[1, 3], [2, 4]]))
        #expect(a.column(1) == Tensor([2, 5]))
        #expect(a.slice(rows: 0..<2, columns: 1..<3) == Tensor([[2, 3], [5, 6]]))
        var rng = SeededGenerator(seed: 1)
        let big = Tensor.randomNormal([37, 53], using: &rng)
        #expect(big.transposed.transposed == big)
        #expect(Tensor.randomNormal([2, 3, 4], using: &rng).permuted([2, 0, 1]).shape == [4, 2, 3])
    }

    @Test func csvErrorsNameLineAndColumn() throws {
        #expect(try Tensor(csv: "1,2\n3,4\n") == Tensor([[1, 2], [3, 4]]))
        #expect(throws: CSVError(line: 2, column: 2, reason: "'x' is not a number")) { try Tensor(csv: "1,2\n3,x\n") }
        #expect(throws: CSVError(line: 3, column: 3, reason: "expected 2 fields as on the first row, found 3")) {
            try Tensor(csv: "1,2\n\n3,4,5\n")
        }
        let roundTrip = try Tensor(csv: Tensor([[0.1, -2.5e-300], [3, 4]]).csvString())
        #expect(roundTrip == Tensor([[0.1, -2.5e-300], [3, 4]]))
    }

    @Test func csvAcceptsCRLFAndCRLineBreaksAndAByteOrderMark() throws {
        let expected: Tensor = [[1, 2], [3, 4]]
        #expect(try Tensor(csv: "1,2\r\n3,4\r\n") == expected)                 // Windows
        #expect(try Tensor(csv: "1,2\r3,4\r") == expected)                     // classic Mac
        #expect(try Tensor(csv: "\u{FEFF}1,2\n3,4\n") == expected)             // UTF-8 BOM
        #expect(try Tensor(csv: "\u{FEFF}1,2\r\n\r\n3,4") == expected)          // BOM, blank CRLF line, no final break
        // A CRLF is one line break: the error is on line 3 (after a blank line), not line 5.
        #expect(throws: CSVError(line: 3, column: 2, reason: "'x' is not a number")) { try Tensor(csv: "1,2\r\n\r\n3,x\r\n") }
        #expect(throws: CSVError(line: 2, column: 3, reason: "expected 2 fields as on the first row, found 3")) {
            try Tensor(csv: "1,2\r\n3,4,5\r\n")
        }
    }

    @Test func normsPropagateNaN() {
        // Swift.max(0, .nan) is 0, which once made ‖(0, NaN)‖₂ = 0.
        for kind in [NormKind.one, .two, .infinity, .frobenius] {
            #expect(Tensor([0, .nan]).norm(kind).isNaN, "\(kind)")
            #expect(Tensor([.nan, 0]).norm(kind).isNaN, "\(kind)")
            #expect(Tensor([.infinity, .nan]).norm(kind).isNaN, "NaN wins over ∞ as in NumPy: \(kind)")
            #expect(Tensor([1, -.infinity]).norm(kind) == .infinity, "\(kind)")
        }
        #expect(Tensor([[0, 1], [.nan, 2]]).norm(.frobenius).isNaN)
        #expect(Tensor([Double]()).norm(.two) == 0)
        // norm is element-wise for a matrix: ‖[[3, 0], [0, 4]]‖ is 5 (Frobenius), not σ₁ = 4.
        #expect(Tensor([[3, 0], [0, 4]]).norm(.two) == 5)
    }

    @Test func seededRandomIsReproducible() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        #expect(Tensor.randomNormal([100], using: &a) == Tensor.randomNormal([100], using: &b))
        var c = SeededGenerator(seed: 7)
        let sample = Tensor.randomNormal([20000], using: &c)
        // mean of 20000 N(0,1) has sd 0.007; 5 sd bounds make a false alarm negligible.
        #expect(Swift.abs(sample.mean()) < 0.035)
        #expect(Swift.abs(sample.variance() - 1) < 0.05)
    }

    @Test func largeElementwiseRunsInParallelAndMatchesSerial() {
        var rng = SeededGenerator(seed: 2)
        let x = Tensor.randomUniform([300_000], using: &rng)
        let y = exp(x)
        // Both exp implementations are within 1 ulp of the correctly rounded value (see
        // ElementwiseAccuracyTests), so they may differ by one ulp.
        for i in stride(from: 0, to: x.count, by: 9973) {
            #expect(Swift.abs(y.scalars[i] - Foundation.exp(x.scalars[i])) <= y.scalars[i].ulp)
        }
        var z = x
        z.addScaled(x, by: 2)
        #expect(z == x * 3)
    }
}

@Suite("CSV files")
struct CSVFileTests {
    @Test func missingFileIsNamedWithoutAFakePosition() {
        do {
            _ = try Tensor(contentsOfCSV: "/nonexistent/descent-test.csv")
            Issue.record("reading a missing file must throw")
        } catch let error as CSVError {
            #expect(error.description == "/nonexistent/descent-test.csv: cannot read the file: No such file or directory")
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }
}
