@testable import DescentLearn
import DescentCore
import Testing
import _TestSupport

/// Linear, ridge, lasso and elastic-net fits, paths and LassoCV against scikit-learn on the diabetes
/// data (reference: Tools/references/linear_models.py).
@Suite("Linear models vs scikit-learn")
struct LinearModelReferenceTests {
    static let reference: ReferenceData = {
        do { return try ReferenceData.load("linear_models") } catch { fatalError("\(error)") }
    }()
    static var x: Tensor { reference.tensor("x") }
    static var y: Tensor { reference.tensor("y") }
    static var weights: Tensor { reference.tensor("sample_weight") }
    static var tightTolerance: Double { reference.double("tight_tol") }

    /// Coefficients agree to 1e-6 relative; entries far below the largest (or exact zeros) are held
    /// to 1e-6 of the largest, where a relative test of a near-zero number would test only rounding.
    static func expectCoefficients(_ actual: Tensor, _ expected: Tensor, _ what: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        let scale = expected.norm(.infinity)
        expectClose(actual, expected, rtol: 1e-6, atol: 1e-6 * Swift.max(scale, 1e-300), what, sourceLocation: sourceLocation)
    }

    @Test("ordinary least squares (SVD, QR, Cholesky) equals LinearRegression, with and without intercept and weights")
    func ordinaryLeastSquares() throws {
        for c in Self.reference.cases("ols") {
            let fitIntercept = c.double("fit_intercept") != 0
            let weights = c.double("weighted") != 0 ? Self.weights : nil
            for solver in [LeastSquaresSolver.svd, .qr, .cholesky] {
                let model = try LinearRegression(fitIntercept: fitIntercept, solver: solver).fit(Self.x, Self.y, sampleWeights: weights)
                let what = "OLS \(solver) intercept=\(fitIntercept) weighted=\(weights != nil)"
                // κ(XᵀX) of diabetes is about 10³, so even the normal equations keep ~12 digits.
                Self.expectCoefficients(model.coefficients, c.tensor("coef"), what)
                expectClose(model.intercept, c.double("intercept"), rtol: 1e-9, atol: 1e-9, what)
                expectClose(try model.score(Self.x, Self.y, sampleWeights: weights), c.double("score"), rtol: 1e-10, what)
                #expect(model.termination == .solvedDirectly && model.iterations == 0)
                #expect(model.conditionNumber.map { $0 > 1 && $0.isFinite } == true, "\(what): κ reported")
            }
        }
    }

    @Test("ridge by every solver equals Ridge(solver='cholesky')")
    func ridge() throws {
        for c in Self.reference.cases("ridge") {
            let alpha = c.double("alpha")
            let fitIntercept = c.double("fit_intercept") != 0
            let weights = c.double("weighted") != 0 ? Self.weights : nil
            for solver in LeastSquaresSolver.allCases {
                // L-BFGS's Wolfe line search compares values of ½‖y − Xw‖² (≈ 10⁶ here): near the
                // optimum the decrease ½gᵀH⁻¹g falls below ε·f once ‖∇f‖ is ~1e-7 of its start, and the
                // search fails. 1e-7 is reachable; with κ(XᵀX + αI) up to ~10³ the weights then agree to
                // ~1e-5 relative (the other solvers to 1e-6).
                // Gradient descent needs ~κ·log(1/tol) iterations; 1e-10 leaves ≲ κ·1e-10 ≈ 1e-7 relative error.
                let tolerance = solver == .lbfgs ? 1e-7 : (solver == .gradientDescent ? 1e-10 : 1e-12)
                let model = try Ridge(alpha: alpha, fitIntercept: fitIntercept, solver: solver, tolerance: tolerance, maxIterations: 200_000)
                    .fit(Self.x, Self.y, sampleWeights: weights)
                let what = "ridge α=\(alpha) \(solver) intercept=\(fitIntercept) weighted=\(weights != nil)"
                #expect(model.isConverged, "\(what): \(model.termination)")
                if solver == .lbfgs {
                    let expected = c.tensor("coef")
                    expectClose(model.coefficients, expected, rtol: 2e-5, atol: 2e-5 * expected.norm(.infinity), what)
                    continue
                }
                Self.expectCoefficients(model.coefficients, c.tensor("coef"), what)
                expectClose(model.intercept, c.double("intercept"), rtol: 1e-6, atol: 1e-6, what)
            }
        }
    }

    @Test("lasso and elastic net: coefficients, exact zeros, iterations and duality gaps equal scikit-learn's")
    func lassoAndElasticNet() throws {
        for c in Self.reference.cases("elastic_net") {
            let (alpha, rho) = (c.double("alpha"), c.double("l1_ratio"))
            let weights = c.double("weighted") != 0 ? Self.weights : nil
            let what = "α=\(alpha) ρ=\(rho) weighted=\(weights != nil)"
            let tight = c["tight"], standard = c["default"]
            for gram in [GramPolicy.never, .always] {
                let model = try ElasticNet(alpha: alpha, l1Ratio: rho, gram: gram, tolerance: Self.tightTolerance, maxIterations: 100_000)
                    .fit(Self.x, Self.y, sampleWeights: weights)
                Self.expectCoefficients(model.coefficients, tight.tensor("coef"), "\(what) gram=\(gram)")
                expectClose(model.intercept, tight.double("intercept"), rtol: 1e-6, atol: 1e-6, "\(what) intercept")
                // The lasso's exact zeros: the same set of coefficients is exactly 0.
                #expect(model.zeroCoefficientIndices == tight.doubles("coef").indices.filter { tight.doubles("coef")[$0] == 0 },
                        "\(what) gram=\(gram): zero set")
                #expect(model.termination == .convergedDualityGap)
            }
            // scikit-learn's default tolerance on the columns of X (Lasso's precompute=False): the same
            // algorithm step for step, so the epochs are equal and the gaps agree to rounding.
            let model = try ElasticNet(alpha: alpha, l1Ratio: rho, gram: .never).fit(Self.x, Self.y, sampleWeights: weights)
            #expect(model.iterations == standard.int("n_iter"), "\(what): epochs \(model.iterations) vs \(standard.int("n_iter"))")
            expectClose(model.dualityGap!, standard.double("dual_gap"), rtol: 1e-6, atol: 1e-12, "\(what): dual_gap_")
            Self.expectCoefficients(model.coefficients, standard.tensor("coef"), "\(what): default tolerance")
            #expect(model.dualityGap! <= model.dualityGapTolerance!, "\(what): the gap at termination is below tolerance")
        }
        let c = Self.reference["lasso_no_intercept"]
        let model = try Lasso(alpha: c.double("alpha"), fitIntercept: false, tolerance: Self.tightTolerance, maxIterations: 100_000)
            .fit(Self.x, Self.y)
        Self.expectCoefficients(model.coefficients, c.tensor("coef"), "lasso without intercept")
        #expect(model.intercept == 0)
    }

    @Test("lasso and elastic-net paths: the α grid and every point of the path, with scikit-learn's epochs")
    func paths() throws {
        for c in Self.reference.cases("paths") {
            let rho = c.double("l1_ratio")
            let tight = try ElasticNet(l1Ratio: rho, tolerance: Self.tightTolerance, maxIterations: 100_000).path(Self.x, Self.y)
            // α_max = ‖X_cᵀy_c‖∞/(nρ) and np.geomspace: the same few roundings.
            expectClose(tight.alphas, c.doubles("alphas"), rtol: 1e-12, "ρ=\(rho): α grid")
            let expected = c.tensor("coefs")
            for k in 0..<tight.models.count {
                Self.expectCoefficients(tight.models[k].coefficients, expected.row(k), "ρ=\(rho) α[\(k)]")
            }
            #expect(tight.isConverged)
            // Default tolerance on the Gram matrix (enet_path's precompute="auto" for n > d), warm starts:
            // the same epochs at each α.
            let standard = try ElasticNet(l1Ratio: rho).path(Self.x, Self.y)
            #expect(standard.iterations == c.doubles("n_iter_default").map { Int($0) }, "ρ=\(rho): epochs along the path")
        }
    }

    @Test("LassoCV picks the same α on the same folds, with the same fold MSEs and final model")
    func lassoCV() throws {
        let c = Self.reference["lasso_cv"]
        let folds = (c.object["folds"] as! [[Any]]).map { $0.map { Int(ReferenceData.number($0, "folds")) } }
        // KFold(5, shuffle=False) produces exactly scikit-learn's folds.
        #expect(try Folds.kFold(5).testRows(forRowCount: 442) == folds)
        let result = try LassoCV(model: Lasso(tolerance: c.double("tol"), maxIterations: 100_000), folds: .explicit(testRows: folds))
            .fit(Self.x, Self.y)
        expectClose(result.alphas, c.doubles("alphas"), rtol: 1e-12, "α grid")
        // Both sides solve each fold to a gap of 1e-10·‖y‖²; the MSEs then agree to well below 1e-6.
        expectClose(result.foldMeanSquaredErrors, c.tensor("mse_path"), rtol: 1e-6, "mse_path_")
        // The same index of the grid (the grids agree to an ulp: np.geomspace rounds differently).
        #expect(result.bestIndex == c.doubles("alphas").firstIndex(of: c.double("alpha")))
        expectClose(result.bestAlpha, c.double("alpha"), rtol: 1e-12)
        Self.expectCoefficients(result.model.coefficients, c.tensor("coef"), "refit coefficients")
        expectClose(result.model.intercept, c.double("intercept"), rtol: 1e-6, "refit intercept")
    }

    @Test("sparse X gives scikit-learn's sparse answer and the dense answer, with implicit centring and weights")
    func sparse() throws {
        let s = Self.reference["sparse"]
        let x = try SparseMatrix(rows: s.int("rows"), columns: s.int("columns"), rowIndices: s.doubles("row").map { Int($0) },
                                 columnIndices: s.doubles("col").map { Int($0) }, values: s.doubles("val"))
        let y = s.tensor("y")
        for c in s.cases("cases") {
            let (alpha, rho) = (c.double("alpha"), c.double("l1_ratio"))
            let weights = c.double("weighted") != 0 ? s.tensor("sample_weight") : nil
            let what = "sparse α=\(alpha) ρ=\(rho) weighted=\(weights != nil)"
            let model = ElasticNet(alpha: alpha, l1Ratio: rho, tolerance: Self.tightTolerance, maxIterations: 100_000)
            let sparseFit = try model.fit(x, y, sampleWeights: weights)
            Self.expectCoefficients(sparseFit.coefficients, c["tight"].tensor("coef"), what)
            expectClose(sparseFit.intercept, c["tight"].double("intercept"), rtol: 1e-6, what)
            let denseFit = try model.fit(x.toDense(), y, sampleWeights: weights)
            Self.expectCoefficients(sparseFit.coefficients, denseFit.coefficients, "\(what): sparse = dense")
            #expect(sparseFit.zeroCoefficientIndices == denseFit.zeroCoefficientIndices, "\(what): same zeros")
            let standard = try ElasticNet(alpha: alpha, l1Ratio: rho).fit(x, y, sampleWeights: weights)
            // The same epochs as sparse_enet_coordinate_descent (our update touches only stored entries,
            // scikit-learn's all n rows, so only rounding differs).
            #expect(standard.iterations == c["default"].int("n_iter"), "\(what): epochs")
            expectClose(try sparseFit.score(x, y, sampleWeights: weights), c["tight"].double("score"), rtol: 1e-9, what)
        }
    }
}
