@testable import DescentLearn
import DescentCore
import Testing
import _TestSupport

/// StandardScaler, regression metrics, folds and the train/test split against scikit-learn
/// (reference: Tools/references/linear_models.py) and by their definitions.
@Suite("Preprocessing, metrics and model selection")
struct PreprocessingAndSelectionTests {
    static var reference: ReferenceData { LinearModelReferenceTests.reference }

    @Test("StandardScaler equals scikit-learn's (population σ), and inverts")
    func scaler() throws {
        let s = Self.reference["scaler"]
        let x = s.tensor("x")
        let scaler = try StandardScaler(fitting: x)
        // Two-pass mean and variance, as NumPy: agreement to rounding.
        expectClose(scaler.means, s.tensor("mean"), rtol: 1e-13)
        expectClose(scaler.standardDeviations, s.tensor("scale"), rtol: 1e-12)
        let z = try scaler.transform(x)
        expectClose(z.row(0), s.tensor("transformed_row0"), rtol: 1e-11, atol: 1e-12)
        expectClose(try scaler.inverseTransform(z), x, rtol: 1e-13)
    }

    @Test("a constant column is a typed error naming it")
    func constantColumn() {
        let x: Tensor = [[1, 7, 2], [2, 7, 3], [5, 7, 1]]
        let error = thrownError(PreprocessingError.self) { try StandardScaler(fitting: x, columnNames: ["a", "b", "c"]) }
        #expect(error == .constantColumn(index: 1, name: "b", value: 7))
        #expect(error?.description.contains("column 1 (\"b\") is constant") == true)
        #expect(thrownError(PreprocessingError.self) { try StandardScaler(fitting: Tensor([[1, Double.infinity]])) }
                == .nonFinite(row: 0, column: 1, value: .infinity))
    }

    @Test("keepUnscaled: a constant column gets σ = 1 and becomes 0, as scikit-learn's StandardScaler")
    func constantColumnKeptUnscaled() throws {
        let x: Tensor = [[1, 7, 2], [2, 7, 3], [6, 7, 1]]
        let scaler = try StandardScaler(fitting: x, constantColumns: .keepUnscaled)
        #expect(scaler.constantColumnIndices == [1])
        #expect(scaler.standardDeviations.scalars[1] == 1)
        let z = try scaler.transform(x)
        #expect(z.column(1).scalars == [0, 0, 0])
        // The other columns exactly as without the constant one: mean 3, σ = √(14/3) for column 0.
        expectClose(z.column(0), (x.column(0) - 3) / (14.0 / 3).squareRoot(), rtol: 1e-15)
        expectClose(try scaler.inverseTransform(z), x, rtol: 1e-15)
    }

    @Test("MSE, MAE and R² (weighted and not) equal scikit-learn's")
    func metrics() throws {
        let m = Self.reference["metrics"]
        let (t, p, w) = (m.tensor("y_true"), m.tensor("y_pred"), m.tensor("weights"))
        // Plain sums of 9 terms: agreement to a few roundings.
        expectClose(try meanSquaredError(t, p), m.double("mse"), rtol: 1e-14)
        expectClose(try meanAbsoluteError(t, p), m.double("mae"), rtol: 1e-14)
        expectClose(try r2Score(t, p), m.double("r2"), rtol: 1e-13)
        expectClose(try meanSquaredError(t, p, sampleWeights: w), m.double("mse_weighted"), rtol: 1e-14)
        expectClose(try meanAbsoluteError(t, p, sampleWeights: w), m.double("mae_weighted"), rtol: 1e-14)
        expectClose(try r2Score(t, p, sampleWeights: w), m.double("r2_weighted"), rtol: 1e-13)
        #expect(try r2Score([2, 2], [2, 2]) == 1)
        #expect(thrownError(RegressionMetricsError.self) { try meanSquaredError([1, 2], [1]) } == .shapeMismatch(shapes: [[2], [1]]))
    }

    @Test("K-fold folds are scikit-learn's KFold; seeded shuffles are reproducible partitions")
    func folds() throws {
        let expected = (Self.reference.object["kfold_7_3"] as! [[Any]]).map { $0.map { Int(ReferenceData.number($0, "fold")) } }
        #expect(try Folds.kFold(3).testRows(forRowCount: 7) == expected)
        let shuffled = try Folds.kFold(4, shuffleSeed: 9).testRows(forRowCount: 10)
        #expect(try Folds.kFold(4, shuffleSeed: 9).testRows(forRowCount: 10) == shuffled)
        #expect(shuffled.flatMap { $0 }.sorted() == Array(0..<10) && shuffled.map(\.count) == [3, 3, 2, 2])
        #expect(thrownError(ModelSelectionError.self) { try Folds.kFold(5).testRows(forRowCount: 3) } == .tooFewRows(rows: 3, folds: 5))
        #expect(thrownError(ModelSelectionError.self) { try Folds.explicit(testRows: [[0, 1], [1, 2]]).testRows(forRowCount: 3) }
                == .invalidFolds(reason: "row 1 is in more than one fold"))
        let x = Tensor.zeros([3, 2]), y: Tensor = [1, 2, 3]
        #expect(thrownError(ModelSelectionError.self) { try LassoCV().fit(x, y) } == .tooFewRows(rows: 3, folds: 5))
    }

    @Test("the seeded train/test split is a reproducible partition with ⌈fraction·n⌉ test rows")
    func trainTestSplit() throws {
        let split = try TrainTestSplit(rowCount: 10, testFraction: 0.25, seed: 3)
        #expect(split.testRows.count == 3 && split.trainRows.count == 7)
        #expect((split.testRows + split.trainRows).sorted() == Array(0..<10))
        #expect(try TrainTestSplit(rowCount: 10, testFraction: 0.25, seed: 3) == split)
        let x = Tensor(rows: 10, columns: 2) { i, j in Double(10 * i + j) }
        let parts = split.apply(x, Tensor((0..<10).map(Double.init)))
        #expect(parts.xTest[0, 0] == 10 * parts.yTest[0])
        #expect(thrownError(ModelSelectionError.self) { try TrainTestSplit(rowCount: 1, testFraction: 0.5, seed: 0) }
                == .invalidTestFraction(fraction: 0.5, rows: 1))
    }
}
