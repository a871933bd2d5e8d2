@testable import DescentLearn
import DescentCore
import Testing
import _TestSupport

/// Properties of the linear models that hold by mathematics: solvers agree, α ≥ α_max gives 0,
/// L1 makes exact zeros and L2 none, gaps certify, warm starts at the optimum take 0 epochs.
@Suite("Linear model properties")
struct LinearModelPropertyTests {
    static var x: Tensor { LinearModelReferenceTests.x }
    static var y: Tensor { LinearModelReferenceTests.y }

    @Test("normal equations and gradient descent reach the same weights (OLS and ridge)")
    func normalEquationsEqualGradientDescent() throws {
        for alpha in [0.0, 0.5] {
            let closed = try Ridge(alpha: alpha, solver: .cholesky).fit(Self.x, Self.y)
            let descent = try Ridge(alpha: alpha, solver: .gradientDescent, tolerance: 1e-10, maxIterations: 500_000).fit(Self.x, Self.y)
            #expect(descent.isConverged, "α=\(alpha): \(descent.termination)")
            #expect(descent.iterations > 0 && closed.iterations == 0)
            // Stopping at ‖∇f‖∞ ≤ 1e-10·‖Xᵀy‖∞ with κ(XᵀX + αI) ≲ 10³ leaves ≲ 1e-7 relative error in w.
            expectClose(descent.coefficients, closed.coefficients, rtol: 1e-6, atol: 1e-6 * closed.coefficients.norm(.infinity),
                        "α=\(alpha)")
            expectClose(descent.intercept, closed.intercept, rtol: 1e-8, "α=\(alpha)")
        }
    }

    @Test("the lasso at α ≥ α_max is all zeros after 0 epochs; just below, one coefficient enters")
    func lassoAtAlphaMax() throws {
        let alphaMax = try Lasso().path(Self.x, Self.y, alphas: .automatic(count: 1)).alphas[0]
        for alpha in [alphaMax, 2 * alphaMax] {
            let model = try Lasso(alpha: alpha).fit(Self.x, Self.y)
            #expect(model.coefficients.scalars.allSatisfy { $0 == 0 }, "α = \(alpha)")
            #expect(model.iterations == 0 && model.termination == .convergedDualityGap)
            #expect(model.intercept == Self.y.mean())
        }
        let below = try Lasso(alpha: 0.99 * alphaMax, tolerance: 1e-10).fit(Self.x, Self.y)
        #expect(below.coefficients.scalars.filter { $0 != 0 }.count == 1)
    }

    @Test("L1 gives exact zeros and L2 none on the same data")
    func l1ZerosL2None() throws {
        let lasso = try Lasso(alpha: 0.5).fit(Self.x, Self.y)
        let ridge = try Ridge(alpha: 50).fit(Self.x, Self.y)
        #expect(lasso.zeroCoefficientIndices.count >= 5)
        #expect(ridge.zeroCoefficientIndices.isEmpty)
    }

    @Test("the duality gap at termination is below its tolerance, and a warm start at the optimum takes 0 epochs")
    func gapCertificate() throws {
        for (alpha, rho) in [(0.05, 1.0), (0.02, 0.5)] {
            for gram in GramPolicy.allCases {
                let net = ElasticNet(alpha: alpha, l1Ratio: rho, gram: gram, tolerance: 1e-8)
                let model = try net.fit(Self.x, Self.y)
                #expect(model.termination == .convergedDualityGap)
                #expect(model.dualityGap! <= model.dualityGapTolerance!, "gram \(gram): \(model.dualityGap!)")
                let again = try net.fit(Self.x, Self.y, initialCoefficients: model.coefficients)
                #expect(again.iterations == 0, "gram \(gram): restart from the optimum")
            }
        }
    }

    @Test("working-set coordinate descent gives coordinate descent's answer, dense, Gram and sparse, certified by the full gap")
    func workingSetsEqualCoordinateDescent() throws {
        for (alpha, rho) in [(0.05, 1.0), (0.5, 1.0), (0.02, 0.5)] {
            let reference = try ElasticNet(alpha: alpha, l1Ratio: rho, tolerance: 1e-12, maxIterations: 100_000).fit(Self.x, Self.y)
            for gram in [GramPolicy.never, .always] {
                let model = try ElasticNet(alpha: alpha, l1Ratio: rho, solver: .workingSets, gram: gram, tolerance: 1e-12,
                                           maxIterations: 100_000).fit(Self.x, Self.y)
                #expect(model.termination == .convergedDualityGap && model.dualityGap! <= model.dualityGapTolerance!)
                #expect(model.solver.hasPrefix("working-set"))
                // Both certified to a gap of 1e-12·‖y‖²: the weights agree to ~1e-6 of the largest.
                LinearModelReferenceTests.expectCoefficients(model.coefficients, reference.coefficients, "α=\(alpha) ρ=\(rho) gram=\(gram)")
                #expect(model.zeroCoefficientIndices == reference.zeroCoefficientIndices)
            }
        }
        // A path of working-set solves, sparse, against coordinate descent's path.
        let sparse = try SparseMatrix(rows: 442, columns: 10, rowIndices: (0..<4420).map { $0 / 10 },
                                      columnIndices: (0..<4420).map { $0 % 10 }, values: Self.x.scalars)
        let grid = AlphaGrid.automatic(count: 20, ratio: 1e-2)
        let ws = try Lasso(solver: .workingSets, tolerance: 1e-12, maxIterations: 100_000).path(sparse, Self.y, alphas: grid)
        let cd = try Lasso(tolerance: 1e-12, maxIterations: 100_000).path(Self.x, Self.y, alphas: grid)
        #expect(ws.isConverged)
        for (a, b) in zip(ws.models, cd.models) {
            LinearModelReferenceTests.expectCoefficients(a.coefficients, b.coefficients, "path α=\(a.alpha)")
        }
        #expect(thrownError(LinearModelError.self) { try Lasso(solver: .fista).fit(sparse, Self.y) }
                == .unsupportedSolver(solver: "fista", reason: "needs dense X; use coordinate descent for sparse X"))
    }

    @Test("FISTA and coordinate descent agree, both certified by the duality gap")
    func fistaEqualsCoordinateDescent() throws {
        let cd = try ElasticNet(alpha: 0.05, l1Ratio: 0.7, tolerance: 1e-12, maxIterations: 100_000).fit(Self.x, Self.y)
        let fista = try ElasticNet(alpha: 0.05, l1Ratio: 0.7, solver: .fista, tolerance: 1e-10, maxIterations: 100_000)
            .fit(Self.x, Self.y)
        #expect(fista.termination == .convergedDualityGap && fista.solver == "fista")
        #expect(fista.dualityGap! <= fista.dualityGapTolerance!)
        // A gap of 1e-10·‖y‖² bounds ‖w − w*‖² by 2·gap/μ (μ = nα(1 − ρ) strong convexity): ~1e-3 absolute.
        expectClose(fista.coefficients, cd.coefficients, rtol: 1e-4, atol: 1e-3)
    }

    @Test("named coefficients and predictions")
    func namesAndPredictions() throws {
        let names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
        let model = try Lasso(alpha: 0.1).fit(Self.x, Self.y, columnNames: names)
        #expect(model.coefficient(named: "bmi") == model.coefficients.scalars[2])
        #expect(model.coefficient(named: "weight") == nil)
        #expect(model.namedCoefficients.map(\.name) == names)
        let predicted = try model.predict(Self.x)
        expectClose(predicted, matmul(Self.x, model.coefficients) + model.intercept, rtol: 1e-14)
    }

    @Test("OLS with more columns than rows: Cholesky and QR refuse and suggest ridge; SVD gives the minimum-norm interpolant")
    func wideOrdinaryLeastSquares() throws {
        let x: Tensor = [[1, 2, 3, 4], [2, 0, 1, 1], [0, 1, 0, 3]]
        let y: Tensor = [1, 2, 3]
        for solver in [LeastSquaresSolver.cholesky, .qr] {
            let error = thrownError(LinearModelError.self) { try LinearRegression(fitIntercept: false, solver: solver).fit(x, y) }
            #expect(error == .moreColumnsThanRows(rows: 3, columns: 4, solver: solver == .qr ? "QR" : "normal equations (Cholesky)"))
            #expect(error?.description.contains("ridge") == true)
        }
        let model = try LinearRegression(fitIntercept: false).fit(x, y)
        // X has full row rank: Xw = y exactly, and w = Xᵀ(XXᵀ)⁻¹y is the minimum-norm solution.
        expectClose(matmul(x, model.coefficients), y, rtol: 1e-12, atol: 1e-12)
        let minimumNorm = matmul(x, try LU(matmul(x, x, transposeB: true)).solve(y), transposeA: true)
        expectClose(model.coefficients, minimumNorm, rtol: 1e-12, atol: 1e-12)
    }

    @Test("a duplicated column: Cholesky names the singular normal equations, SVD splits the weight evenly")
    func singularNormalEquations() throws {
        let base = Self.x.slice(rows: 0..<50, columns: 0..<3)
        let x = Tensor.horizontallyStacked([base, base.slice(columns: 2..<3)])
        let y = Self.y.reshaped([442, 1]).slice(rows: 0..<50).reshaped([50])
        let error = thrownError(LinearModelError.self) { try LinearRegression(solver: .cholesky).fit(x, y) }
        if case .singularNormalEquations = error {} else { Issue.record("expected singularNormalEquations, got \(String(describing: error))") }
        #expect(thrownError(LinearModelError.self) { try LinearRegression(solver: .qr).fit(x, y) } == .rankDeficient(columns: 4, solver: "QR"))
        let model = try LinearRegression(solver: .svd).fit(x, y)
        #expect(model.rank == 3)
        expectClose(model.coefficients.scalars[2], model.coefficients.scalars[3], rtol: 1e-9)
        let reduced = try LinearRegression(solver: .svd).fit(base, y)
        expectClose(model.coefficients.scalars[2] * 2, reduced.coefficients.scalars[2], rtol: 1e-9)
    }
}
