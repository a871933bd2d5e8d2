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

    @Test("bad input: fractional labels, a single class, mismatched shapes")
    func badInput() {
        let x = Tensor(shape: [3, 1], scalars: [1, 2, 3])
        #expect(throws: ClassificationError.labelNotWhole(value: 0.5, row: 1)) { try SoftmaxRegression().fit(x, Tensor([0, 0.5, 1])) }
        #expect(throws: ClassificationError.singleClass(label: 2)) { try SoftmaxRegression().fit(x, Tensor([2, 2, 2])) }
        #expect(throws: ClassificationError.shapeMismatch(first: "x", firstShape: [3, 1], second: "y", secondShape: [2])) {
            try SoftmaxRegression().fit(x, Tensor([0, 1]))
        }
    }
}
