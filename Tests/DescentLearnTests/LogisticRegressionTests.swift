import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentLearn

/// Binary logistic regression against scikit-learn (and skglm for L1/elastic net with an
/// unpenalized intercept) on standardized breast cancer; generator: Tools/references/logistic_models.py.
@Suite("Logistic regression")
struct LogisticRegressionTests {
    static let reference = try! ReferenceData.load("logistic_models")
    static let x = reference.tensor("x")
    static let y = reference.tensor("y")

    static func penalty(_ c: ReferenceData) -> LogisticRegression.Penalty {
        switch c.string("penalty") {
        case "none": return .none
        case "l1": return .l1
        case "elasticnet": return .elasticNet(l1Ratio: c.double("l1_ratio"))
        default: return .l2
        }
    }

    static func data(_ c: ReferenceData) -> (x: Tensor, weights: Tensor?) {
        let columns = c.int("columns")
        let x = columns == Self.x.columns ? Self.x : Self.x.slice(columns: 0..<columns)
        return (x, flag(c, "weighted") ? reference.tensor("weights") : nil)
    }

    static func flag(_ c: ReferenceData, _ key: String) -> Bool {
        guard let value = c.object[key] as? Bool else { fatalError("reference key '\(key)' is not a boolean") }
        return value
    }

    static func configuration(_ c: ReferenceData, solver: LogisticRegression.Solver, tolerance: Double = 1e-10) -> LogisticRegression {
        LogisticRegression(penalty: penalty(c), c: c.double("C"), fitIntercept: flag(c, "fit_intercept"),
                           solver: solver, tolerance: tolerance, maxIterations: 5000)
    }

    @Test("each solver reproduces scikit-learn's coefficients, intercept and L1 zeros")
    func matchesReferences() throws {
        for c in Self.reference.cases("cases") {
            let (x, weights) = Self.data(c)
            let smooth = Self.penalty(c).isSmooth
            // L-BFGS and FISTA are slower: they run on a few cases in `firstOrderSolversMatch`.
            let solvers: [LogisticRegression.Solver] = smooth ? [.newton, .proximalNewton] : [.proximalNewton]
            for solver in solvers {
                let model = try Self.configuration(c, solver: solver).fit(x, Self.y, sampleWeights: weights)
                let name = c.string("name")
                #expect(model.isConverged, "\(name) \(solver): \(model.termination)")
                // The references meet the optimality conditions to < 1e-9 and so do we (1e-10 on the
                // objective divided by C·n); the coefficients then agree far inside 1e-5 relative.
                // The absolute part covers coefficients near 0 (|w| ~ 1e-3 of the largest).
                let expected = c.tensor("coef")
                let atol = 1e-6 * expected.norm(.infinity)
                expectClose(model.coefficients, expected, rtol: 1e-5, atol: atol, "\(name) \(solver) coefficients")
                expectClose(model.intercept, c.double("intercept"), rtol: 1e-5, atol: atol, "\(name) \(solver) intercept")
                if !smooth {
                    // Exact zeros where the reference has them: the proximal steps produce them.
                    let zeros = expected.scalars.indices.filter { expected.scalars[$0] == 0 }
                    #expect(zeros.allSatisfy { model.coefficients.scalars[$0] == 0 }, "\(name) \(solver) zero pattern")
                    #expect(zeros.count > 0 && zeros.count < expected.count, "\(name): the reference has zeros and non-zeros")
                }
            }
        }
    }

    @Test("L-BFGS (L2) and FISTA (L1) reproduce the references too")
    func firstOrderSolversMatch() throws {
        let cases = Dictionary(uniqueKeysWithValues: Self.reference.cases("cases").map { ($0.string("name"), $0) })
        // L-BFGS's line search cannot resolve F below ‖∇F‖∞ ≈ 2e-10 here (it then reports a failed
        // line search), so it runs to 1e-9; with curvature ≥ 1/(C·n) ≥ 1.7e-3 the coefficients are
        // then within ~6e-7 of the optimum. FISTA on L1 converges linearly on the support; 1e-9 too.
        for (name, solver) in [("l2_C1.0", LogisticRegression.Solver.lbfgs), ("l2_C0.3_weighted", .lbfgs), ("l1_C0.1_no_intercept", .fista)] {
            let c = cases[name]!
            let (x, weights) = Self.data(c)
            let model = try Self.configuration(c, solver: solver, tolerance: 1e-9).fit(x, Self.y, sampleWeights: weights)
            #expect(model.isConverged, "\(name) \(solver): \(model.termination), violation \(model.optimalityViolation)")
            let expected = c.tensor("coef")
            expectClose(model.coefficients, expected, rtol: 1e-5, atol: 1e-6 * expected.norm(.infinity), "\(name) \(solver)")
            expectClose(model.intercept, c.double("intercept"), rtol: 1e-5, atol: 1e-6 * expected.norm(.infinity), "\(name) \(solver)")
            if solver == .fista {
                #expect(expected.scalars.indices.allSatisfy { (expected.scalars[$0] == 0) == (model.coefficients.scalars[$0] == 0) })
            }
        }
    }

    @Test("SAGA agrees with Newton and with the proximal Newton method (L2 and elastic net)")
    func sagaAgrees() throws {
        // Pure L1 is not strongly convex and SAGA then converges slowly (scikit-learn's saga does
        // not reach 1e-10 on this data in 2·10⁵ epochs); the elastic net exercises the same prox.
        let x = Self.x.slice(rows: 0..<200), y = Self.y.slice(rows: 0..<200)
        for penalty in [LogisticRegression.Penalty.l2, .elasticNet(l1Ratio: 0.5)] {
            let exact = try LogisticRegression(penalty: penalty, c: 0.5, solver: .automatic, tolerance: 1e-11).fit(x, y)
            let saga = try LogisticRegression(penalty: penalty, c: 0.5, solver: .saga, tolerance: 1e-8, maxIterations: 3000).fit(x, y)
            #expect(saga.isConverged, "SAGA \(penalty): \(saga.termination) after \(saga.iterations) epochs")
            // Violation 1e-8 on a problem whose scaled Hessian has smallest eigenvalue ≥ α = 1/(C n) = 1e-2:
            // the distance to the optimum is at most ~1e-6.
            expectClose(saga.coefficients, exact.coefficients, rtol: 0, atol: 1e-5, "SAGA vs exact, \(penalty)")
            expectClose(saga.intercept, exact.intercept, rtol: 0, atol: 1e-5, "SAGA intercept, \(penalty)")
        }
    }

    @Test("sparse input gives the dense answer for every solver")
    func sparseMatchesDense() throws {
        // Zero out small entries so that the CSR matrix is genuinely sparse.
        let dense = Self.x.slice(rows: 0..<300).map { Swift.abs($0) < 0.7 ? 0 : $0 }
        let y = Self.y.slice(rows: 0..<300)
        let sparse = SparseMatrix(dense: dense)
        #expect(sparse.nonZeroCount < dense.count / 2)
        let cases: [(LogisticRegression.Penalty, LogisticRegression.Solver, Double)] = [
            (.l2, .newton, 1e-10), (.l2, .lbfgs, 1e-10), (.l1, .proximalNewton, 1e-10), (.l1, .fista, 1e-10),
            (.elasticNet(l1Ratio: 0.3), .saga, 1e-6), (.l2, .saga, 1e-6),
        ]
        for (penalty, solver, tolerance) in cases {
            let configuration = LogisticRegression(penalty: penalty, c: 0.2, solver: solver, tolerance: tolerance, maxIterations: 5000)
            let a = try configuration.fit(dense, y), b = try configuration.fit(sparse, y)
            // The same iterations on the same numbers, up to the summation order of the products
            // (SAGA with L2 on sparse rows applies skipped steps at once: aᵏ by exp, not k products).
            var atol = 1e-9
            if solver == .lbfgs {
                // Except L-BFGS: its line search compares values that differ in the last bits, so the two
                // runs may take different trial steps and stop at different iterates, each one passing
                // the stopping test ‖∇F‖∞ ≤ tol. The agreement then follows from that test, not from
                // rounding: F is μ-strongly convex near θ* (μ = λmin(∇²F), computed below), so each θ
                // has ‖θ − θ*‖₂ ≤ ‖∇F(θ)‖₂/μ ≤ √(d+1)·tol/μ, and two of them are within twice that.
                let mu = try Self.smallestCurvature(dense, w: a.coefficients, b: a.intercept, c: 0.2)
                atol = 2 * Double(dense.columns + 1).squareRoot() * tolerance / mu
                #expect(mu > 1e-3 && atol < 1e-6, "μ = \(mu): the bound must stay tight enough to mean something")
            }
            expectClose(b.coefficients, a.coefficients, rtol: 1e-8, atol: atol, "sparse vs dense, \(solver)")
            expectClose(b.intercept, a.intercept, rtol: 1e-8, atol: atol, "sparse vs dense intercept, \(solver)")
            #expect(try b.predict(sparse) == a.predict(dense))
        }
    }

    /// λmin of the Hessian of the scaled L2 objective F(w, b) = (1/n) Σ ℓᵢ + (α/2)‖w‖², α = 1/(C n),
    /// at (w, b): (1/n) Σ pᵢ(1 − pᵢ) zᵢzᵢᵀ + diag(α, …, α, 0) with zᵢ = [xᵢ; 1] and pᵢ = σ(xᵢᵀw + b).
    static func smallestCurvature(_ x: Tensor, w: Tensor, b: Double, c: Double) throws -> Double {
        let n = x.rows, d = x.columns
        var h = [Double](repeating: 0, count: (d + 1) * (d + 1))
        let theta: [Double] = w.scalars + [b]
        for i in 0..<n {
            var z: [Double] = (0..<d).map { x[i, $0] }
            z.append(1)
            var margin = 0.0
            for j in 0...d { margin += z[j] * theta[j] }
            let p = 1 / (1 + Foundation.exp(-margin))
            let weight = p * (1 - p) / Double(n)
            for j in 0...d { for k in 0...d { h[j * (d + 1) + k] += weight * z[j] * z[k] } }
        }
        for j in 0..<d { h[j * (d + 1) + j] += 1 / (c * Double(n)) }
        return try SymmetricEigen(Tensor(shape: [d + 1, d + 1], scalars: h)).eigenvalues.scalars.min()!
    }

    @Test("L1 gives exact zeros and L2 none")
    func exactZeros() throws {
        let l1 = try LogisticRegression(penalty: .l1, c: 0.05).fit(Self.x, Self.y)
        let l2 = try LogisticRegression(penalty: .l2, c: 0.05).fit(Self.x, Self.y)
        #expect(l1.coefficients.scalars.filter { $0 == 0 }.count >= 20)
        #expect(l2.coefficients.scalars.allSatisfy { $0 != 0 })
    }

    @Test("predictions, probabilities, decision function, score and named coefficients")
    func predictions() throws {
        let names = (0..<30).map { "feature\($0)" }
        let model = try LogisticRegression(c: 1, tolerance: 1e-10).fit(Self.x, Self.y, columnNames: names)
        // The automatic solver: L-BFGS reaches 1e-10 on its own (its line search accepts a curvature-test
        // step when f's decrease is below rounding; Newton finishes the runs where it still stalls).
        #expect(model.isConverged && model.optimalityViolation <= 1e-10)
        #expect(model.solver == .lbfgs)
        #expect(try LogisticRegression(c: 1).fit(Self.x, Self.y).solver == .lbfgs)
        let z = try model.decisionFunction(Self.x)
        let p = try model.predictProbabilities(Self.x)
        #expect(p.shape == [569, 2])
        for i in 0..<569 {
            // σ(z) and 1 − σ(z) = σ(−z) computed separately: they sum to 1 within rounding.
            expectClose(p.scalars[2 * i] + p.scalars[2 * i + 1], 1, rtol: 4e-16)
            #expect((p.scalars[2 * i + 1] > 0.5) == (z.scalars[i] > 0))
        }
        let predicted = try model.predict(Self.x)
        #expect(try model.score(Self.x, Self.y) == accuracy(Self.y, predicted))
        #expect(try model.score(Self.x, Self.y) > 0.98)
        #expect(model.coefficient(named: "feature7") == model.coefficients.scalars[7])
        #expect(model.coefficient(named: "nope") == nil)
        #expect(model.namedCoefficients[3].name == "feature3")
        // scikit-learn's objective C Σ log-loss + ½‖w‖², recomputed from the definition.
        let margins = z.scalars.enumerated().map { i, zi in Swift.max(zi, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(zi))) - Self.y.scalars[i] * zi }
        expectClose(model.objective, margins.reduce(0, +) + 0.5 * model.coefficients.squaredNorm(), rtol: 1e-12)
    }

    @Test("perfect separation without a penalty is reported, not iterated to the limit")
    func separation() throws {
        // Breast cancer with all 30 columns is separable (scikit-learn runs to max_iter and warns).
        for solver in [LogisticRegression.Solver.newton, .lbfgs, .proximalNewton] {
            let error = thrownError(ClassificationError.self) {
                try LogisticRegression(penalty: .none, solver: solver, maxIterations: 1000).fit(Self.x, Self.y)
            }
            guard case .perfectSeparation(let iteration) = error else {
                Issue.record("\(solver): expected perfectSeparation, got \(String(describing: error))")
                continue
            }
            #expect(iteration < 1000, "\(solver) found the separating hyperplane at iteration \(iteration)")
        }
        // One feature, 0/1 split at x = 0: separable; with the L2 penalty the fit is fine.
        let x = Tensor(shape: [6, 1], scalars: [-3, -2, -1, 1, 2, 3]), y = Tensor([0, 0, 0, 1, 1, 1])
        #expect(throws: ClassificationError.perfectSeparation(iteration: 1)) {
            try LogisticRegression(penalty: .none).fit(x, y)
        }
        #expect(try LogisticRegression(penalty: .l2).fit(x, y).isConverged)
        // Quasi-complete: separated except for two rows of either class at x = 0, on the
        // hyperplane; the gradient tolerance is met at a large finite w, but w = 17.8, b = 0
        // separates weakly, which certifies that no estimate exists.
        let xq = Tensor(shape: [6, 1], scalars: [-2, -1, 0, 0, 1, 2]), yq = Tensor([0, 0, 0, 1, 1, 1])
        for solver in [LogisticRegression.Solver.newton, .lbfgs, .proximalNewton] {
            #expect(throws: ClassificationError.quasiCompleteSeparation(boundaryRows: 2)) {
                try LogisticRegression(penalty: .none, solver: solver, tolerance: 1e-8).fit(xq, yq)
            }
        }
    }

    @Test("bad input throws a specific error")
    func badInput() throws {
        let x = Tensor(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8]), y = Tensor([0, 1, 0, 1])
        let model = LogisticRegression()
        var nan = x
        nan.scalars[5] = .nan
        let nanError = thrownError(ClassificationError.self) { try model.fit(nan, y) }
        #expect(nanError?.description == "x holds nan at row 2, column 1; every value must be finite")
        var inf = x
        inf.scalars[0] = -.infinity
        #expect(throws: ClassificationError.nonFinite(input: "x", row: 0, column: 0, value: -.infinity)) { try model.fit(inf, y) }
        #expect(throws: ClassificationError.nonFinite(input: "y", row: 3, column: nil, value: .infinity)) {
            try model.fit(x, Tensor([0, 1, 0, .infinity]))
        }
        #expect(throws: ClassificationError.shapeMismatch(first: "x", firstShape: [4, 2], second: "y", secondShape: [3])) {
            try model.fit(x, Tensor([0, 1, 0]))
        }
        let labelError = thrownError(ClassificationError.self) { try model.fit(x, Tensor([0, 1, 2, 1])) }
        #expect(labelError == .labelNotBinary(value: 2, row: 2))
        #expect(labelError?.description.contains("label 2.0 at row 2") == true)
        #expect(throws: ClassificationError.singleClass(label: 1)) { try model.fit(x, Tensor([1, 1, 1, 1])) }
        #expect(throws: ClassificationError.invalidSampleWeight(value: -1, row: 1)) {
            try model.fit(x, y, sampleWeights: Tensor([1, -1, 1, 1]))
        }
        #expect(throws: ClassificationError.invalidParameter(name: "C", value: 0, requirement: "positive and finite")) {
            try LogisticRegression(c: 0).fit(x, y)
        }
        #expect(throws: ClassificationError.unsupportedSolver(solver: "lbfgs", penalty: "l1")) {
            try LogisticRegression(penalty: .l1, solver: .lbfgs).fit(x, y)
        }
        #expect(throws: ClassificationError.shapeMismatch(first: "x", firstShape: [4, 2], second: "columnNames", secondShape: [1])) {
            try model.fit(x, y, columnNames: ["a"])
        }
        let fitted = try model.fit(x, y)
        #expect(throws: ClassificationError.featureCountMismatch(expected: 2, got: 3)) { try fitted.predict(Tensor.zeros([2, 3])) }
    }

    @Test("l1MinC: w = 0 just below it, non-zero just above; scikit-learn's value without intercept")
    func l1MinC() throws {
        let cNoIntercept = try LogisticRegression.l1MinC(Self.x, Self.y, fitIntercept: false)
        // A single max |Xᵀ(y − ½)| and one division, as scikit-learn computes 2/max|Xᵀỹ|.
        expectClose(cNoIntercept, Self.reference.double("l1_min_c_no_intercept"), rtol: 1e-12)
        for fitIntercept in [true, false] {
            let cMin = try LogisticRegression.l1MinC(Self.x, Self.y, fitIntercept: fitIntercept)
            let below = try LogisticRegression(penalty: .l1, c: 0.99 * cMin, fitIntercept: fitIntercept, tolerance: 1e-10).fit(Self.x, Self.y)
            let above = try LogisticRegression(penalty: .l1, c: 1.05 * cMin, fitIntercept: fitIntercept, tolerance: 1e-10).fit(Self.x, Self.y)
            #expect(below.coefficients.scalars.allSatisfy { $0 == 0 })
            #expect(above.coefficients.scalars.contains { $0 != 0 })
        }
    }

    @Test("the L1 path with warm starts equals independent fits and grows its support")
    func path() throws {
        let grid = try LogisticRegression.l1CGrid(Self.x, Self.y, count: 8, span: 100)
        let configuration = LogisticRegression(penalty: .l1, tolerance: 1e-10)
        let path = try configuration.fitPath(Self.x, Self.y, cValues: grid)
        #expect(path.models.count == 8 && path.coefficientMatrix.shape == [8, 30])
        #expect(path.nonZeroCounts.first == 0 && path.nonZeroCounts.last! > 5)
        for (c, model) in zip(grid, path.models) {
            var single = configuration
            single.c = c
            let cold = try single.fit(Self.x, Self.y)
            // Both meet the optimality conditions to 1e-10 of a strongly convex-in-support problem.
            expectClose(model.coefficients, cold.coefficients, rtol: 1e-6, atol: 1e-7, "warm vs cold at C = \(c)")
        }
    }
}
