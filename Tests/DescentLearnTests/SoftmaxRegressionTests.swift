import DescentCore
import Testing
import _TestSupport
@testable import DescentLearn

/// Multinomial logistic regression against scikit-learn on standardized wine (178 × 13, 3
/// classes); generator: Tools/references/logistic_models.py.
@Suite("Softmax regression")
struct SoftmaxRegressionTests {
    static let reference = try! ReferenceData.load("logistic_models")
    static let x = reference.tensor("wine_x")
    static let y = reference.tensor("wine_y")

    @Test("L-BFGS and Newton-CG reproduce scikit-learn's multinomial coefficients and intercepts")
    func matchesReference() throws {
        for c in Self.reference.cases("softmax") {
            let fitIntercept = c.object["fit_intercept"] as? Bool ?? true
            for solver in SoftmaxRegression.Solver.allCases {
                // L-BFGS's line search stalls near ‖∇‖∞ ≈ 2e-10 (rounding of F), so both run to 1e-9.
                let model = try SoftmaxRegression(c: c.double("C"), fitIntercept: fitIntercept, solver: solver,
                                                  tolerance: 1e-9, maxIterations: 5000).fit(Self.x, Self.y)
                #expect(model.isConverged, "\(solver) C = \(c.double("C")): \(model.termination)")
                #expect(model.classes == [0, 1, 2])
                // ‖∇‖∞ ≤ 1e-9 here and < 1e-9 for the reference of a problem with curvature ≥ 1/(C n): the
                // coefficients agree far inside 1e-5 relative; atol for entries near 0.
                let expected = c.tensor("coef")
                expectClose(model.coefficients, expected, rtol: 1e-5, atol: 1e-6 * expected.norm(.infinity), "\(solver) W")
                expectClose(model.intercepts, c.tensor("intercept"), rtol: 1e-5, atol: 1e-6 * expected.norm(.infinity), "\(solver) b")
                let p = try model.predictProbabilities(Self.x.slice(rows: 0..<5))
                expectClose(p, c.tensor("probabilities_first5"), rtol: 1e-6, atol: 1e-9, "\(solver) probabilities")
                #expect(try model.score(Self.x, Self.y) == c.double("accuracy"))
            }
        }
    }

    @Test("labels are any whole numbers; sparse equals dense; probabilities sum to 1")
    func labelsAndSparse() throws {
        let shifted = Self.y.map { $0 * 5 - 3 }   // classes −3, 2, 7
        let configuration = SoftmaxRegression(c: 0.5, solver: .newtonCG, tolerance: 1e-10)
        let dense = try configuration.fit(Self.x, shifted)
        #expect(dense.classes == [-3, 2, 7])
        let sparseX = SparseMatrix(dense: Self.x.map { Swift.abs($0) < 0.5 ? 0 : $0 })
        let a = try configuration.fit(sparseX.toDense(), shifted), b = try configuration.fit(sparseX, shifted)
        expectClose(b.coefficients, a.coefficients, rtol: 1e-8, atol: 1e-9, "sparse vs dense")
        let p = try dense.predictProbabilities(Self.x)
        for i in 0..<p.rows { expectClose(p.row(i).sum(), 1, rtol: 1e-15) }
        #expect(Set(try dense.predict(Self.x).scalars).isSubset(of: [-3, 2, 7]))
    }

    @Test("integer sample weights equal repeated rows (binary and multinomial)")
    func weightsAreRepetitions() throws {
        let rows = Array(0..<60).map { $0 * 3 }      // 60 rows of wine, all three classes
        let x = Self.x.gatherRows(rows), y = Self.y.gatherRows(rows)
        let counts = rows.indices.map { Double($0 % 3 + 1) }   // weights 1, 2, 3, 1, 2, 3, …
        let repeated = rows.indices.flatMap { i in Array(repeating: i, count: Int(counts[i])) }
        let softmax = SoftmaxRegression(c: 0.7, solver: .newtonCG, tolerance: 1e-10)
        let weighted = try softmax.fit(x, y, sampleWeights: Tensor(counts))
        let expanded = try softmax.fit(x.gatherRows(repeated), y.gatherRows(repeated))
        // The same objective (Σ sᵢ CEᵢ = the sum over repeated rows), both to ‖∇‖∞ ≤ 1e-10.
        expectClose(weighted.coefficients, expanded.coefficients, rtol: 1e-7, atol: 1e-8, "softmax: weights = repeats")
        let binaryY = y.map { $0 == 1 ? 1 : 0 }
        let logistic = LogisticRegression(penalty: .elasticNet(l1Ratio: 0.4), c: 0.3, tolerance: 1e-10)
        let a = try logistic.fit(x, binaryY, sampleWeights: Tensor(counts))
        let b = try logistic.fit(x.gatherRows(repeated), binaryY.gatherRows(repeated))
        expectClose(a.coefficients, b.coefficients, rtol: 1e-7, atol: 1e-8, "logistic: weights = repeats")
        expectClose(a.objective, b.objective, rtol: 1e-10)
        expectClose(try a.score(x, binaryY, sampleWeights: Tensor(counts)), try a.score(x.gatherRows(repeated), binaryY.gatherRows(repeated)), rtol: 1e-15)
    }

    @Test("bad input: fractional labels, a single class, mismatched shapes, separable classes without a penalty")
    func badInput() throws {
        // Three classes on a line, separated by x = 1.5 and x = 3.5: no estimate without a penalty.
        let line = Tensor(shape: [6, 1], scalars: [0, 1, 2, 3, 4, 5]), classes = Tensor([0, 0, 1, 1, 2, 2])
        let error = thrownError(ClassificationError.self) { try SoftmaxRegression(penalty: .none).fit(line, classes) }
        guard case .perfectSeparation = error else {
            Issue.record("expected perfectSeparation, got \(String(describing: error))")
            return
        }
        #expect(try SoftmaxRegression(penalty: .l2).fit(line, classes).isConverged)
        let x = Tensor(shape: [3, 1], scalars: [1, 2, 3])
        #expect(throws: ClassificationError.labelNotWhole(value: 0.5, row: 1)) { try SoftmaxRegression().fit(x, Tensor([0, 0.5, 1])) }
        #expect(throws: ClassificationError.singleClass(label: 2)) { try SoftmaxRegression().fit(x, Tensor([2, 2, 2])) }
        #expect(throws: ClassificationError.shapeMismatch(first: "x", firstShape: [3, 1], second: "y", secondShape: [2])) {
            try SoftmaxRegression().fit(x, Tensor([0, 1]))
        }
    }
}
