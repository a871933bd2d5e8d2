@testable import DescentLearn
import DescentCore
import Testing
import _TestSupport

/// Bad input to the linear models: typed errors whose messages say what and where.
@Suite("Linear model input errors")
struct LinearModelInputTests {
    static let x: Tensor = [[1, 2], [3, 5], [4, 4], [0, 1]]
    static let y: Tensor = [1, 2, 3, 4]

    @Test("NaN and ±∞ in X, y or the weights name the entry")
    func nonFinite() throws {
        var x = Self.x
        x[2, 1] = .nan
        #expect(thrownError(LinearModelError.self) { try Ridge().fit(x, Self.y) }?.description
                == "X: entry (2, 1) is nan, but all entries must be finite")
        var y = Self.y
        y[3] = -.infinity
        #expect(thrownError(LinearModelError.self) { try Lasso().fit(Self.x, y) } == .nonFinite(what: "y", index: [3], value: -.infinity))
        let weights = Tensor([1, Double.infinity, 1, 1])
        #expect(thrownError(LinearModelError.self) { try ElasticNet().fit(Self.x, Self.y, sampleWeights: weights) }
                == .nonFinite(what: "sample weights", index: [1], value: .infinity))
        let sparse = try SparseMatrix(rows: 4, columns: 2, rowIndices: [0, 3], columnIndices: [1, 0], values: [1, .nan])
        // NaN ≠ NaN, so the message is compared rather than the value.
        #expect(thrownError(LinearModelError.self) { try Lasso().fit(sparse, Self.y) }?.description
                == "X: entry (3, 0) is nan, but all entries must be finite")
    }

    @Test("shape mismatches say both shapes")
    func shapes() {
        let error = thrownError(LinearModelError.self) { try LinearRegression().fit(Self.x, [1, 2, 3]) }
        #expect(error?.description.contains("(4, 2)") == true && error?.description.contains("(3)") == true, "\(String(describing: error))")
        #expect(thrownError(LinearModelError.self) { try Ridge().fit(Self.x, Self.y, columnNames: ["a"]) }
                == .shapeMismatch(what: "column names (one per column of X)", shapes: [[2], [1]]))
        let model = FittedLinearModel(coefficients: [1, 2], intercept: 0, solver: "test", termination: .solvedDirectly, iterations: 0)
        #expect(thrownError(LinearModelError.self) { try model.predict(Tensor.zeros([3, 3])) } == .columnCountMismatch(fitted: 2, given: 3))
        #expect(thrownError(LinearModelError.self) { try Ridge().fit(Tensor.zeros([0, 2]), Tensor.zeros([0])) } == .empty(shape: [0, 2]))
    }

    @Test("invalid parameters and weights are typed errors")
    func parameters() {
        #expect(thrownError(LinearModelError.self) { try Ridge(alpha: -1).fit(Self.x, Self.y) }
                == .invalidParameter(name: "alpha", value: -1, requirement: "the ridge penalty must be ≥ 0"))
        #expect(thrownError(LinearModelError.self) { try ElasticNet(l1Ratio: 1.5).fit(Self.x, Self.y) }
                == .invalidParameter(name: "l1Ratio", value: 1.5, requirement: "the mixing must be in [0, 1]"))
        #expect(thrownError(LinearModelError.self) { try Lasso(tolerance: 0).fit(Self.x, Self.y) } != nil)
        #expect(thrownError(LinearModelError.self) { try Lasso().fit(Self.x, Self.y, sampleWeights: [1, -1, 1, 1]) }
                == .invalidSampleWeights(reason: "weight 1 is -1.0, but weights must be ≥ 0"))
        #expect(thrownError(LinearModelError.self) { try Lasso().fit(Self.x, Self.y, sampleWeights: [0, 0, 0, 0]) }
                == .invalidSampleWeights(reason: "all 4 weights are 0"))
        #expect(thrownError(LinearModelError.self) { try Lasso().path(Self.x, Self.y, alphas: .values([])) } != nil)
    }
}
