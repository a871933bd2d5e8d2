import Descent
import Testing
import _TestSupport

/// README.md's Swift tour, compiled from the README itself (the `ReadmeSnippets` build plugin turns
/// each Swift block into a function returning its top-level values), then checked against the
/// numbers its comments promise. Editing the README edits this test.
@Suite("README tour")
struct ReadmeTourTests {
    @Test func theReadmeHasOneSwiftTour() {
        #expect(readmeSnippetCount == 1, "a new Swift block in README.md needs its checks here")
    }

    @Test func tourRunsAndKeepsItsPromises() throws {
        let values = try readmeSnippet1()
        func tensor(_ name: String) throws -> Tensor { try #require(values[name] as? Tensor, "README defines \(name)") }

        let eigen = try #require(values["eigen"] as? Eigen)
        #expect(eigen.eigenvalues.map(\.real) == [5, 2], "README: eigenvalues 5 and 2")
        expectClose(try tensor("x"), Tensor([0.1, 0.6]), rtol: 1e-14, "2 × 2 LU solve: a few ulps")
        let spectrum = try #require(values["spectrum"] as? SymmetricEigen)
        expectClose(spectrum.eigenvalues, Tensor([501 - 250_601.0.squareRoot(), 501 + 250_601.0.squareRoot()]),
                    rtol: 1e-12, "README: 0.3994, 1001.6; κ ≈ 2508 times ε")
        let kappa = try #require(values["kappa"] as? Double)
        expectClose(kappa, 2508.0, rtol: 1e-3, "README: κ ≈ 2508")
        expectClose(try tensor("g"), Tensor([-215.6, -88]), rtol: 1e-12, "exact derivative; rounding only")
        #expect(try tensor("hess") == Tensor([[802, -400], [-400, 200]]))
        let result = try #require(values["result"] as? OptimizationResult)
        #expect(result.termination == .convergedGradient)
        expectClose(result.minimizer, Tensor([1, 1]), atol: 1e-5, "gradient tolerance 1e-5 on a κ ≈ 2508 minimum")
        #expect(try tensor("params").norm() < 0.05, "README: Adam minimizes ‖θ‖²")
        let lasso = try #require(values["lasso"] as? FittedLinearModel)
        #expect(lasso.termination == .convergedDualityGap, "README: converged_duality_gap")
        #expect(!(try #require(values["zeros"] as? [Int])).isEmpty, "README: L1 makes exact zeros (scikit-learn: 3 at α = 0.1)")
        let ridge = try #require(values["ridge"] as? FittedLinearModel)
        #expect(ridge.zeroCoefficientIndices.isEmpty && ridge.termination == .solvedDirectly, "README: L2 shrinks, no zeros; solved directly")
        let pca = try #require(values["pca"] as? FittedPCA)
        #expect(pca.explainedVarianceRatio.count == 2 && pca.explainedVarianceRatio.sum() < 1)
        let ranks = try #require(values["ranks"] as? PageRankResult)
        expectClose(ranks.scores.reduce(0.0) { $0 + $1 }, 1.0, rtol: 1e-12, "PageRank is a probability vector")
    }
}

/// The DocC articles' Swift blocks, compiled from the articles themselves and run.
@Suite("DocC article code")
struct ArticleCodeTests {
    @Test("every article with Swift code compiles and runs", arguments: articleSnippets.map(\.name))
    func articleRuns(_ name: String) throws {
        let run = try #require(articleSnippets.first { $0.name == name }).run
        _ = try run()
    }

    @Test("the articles keep their promises")
    func promises() throws {
        let derivatives = try #require(articleSnippets.first { $0.name == "Derivatives" }).run()
        expectClose(try #require(derivatives["g"] as? Tensor), Tensor([-215.6, -88]), rtol: 1e-12, "exact gradient")
        let results = try #require(articleSnippets.first { $0.name == "ResultsAndTerminations" }).run()
        #expect((results["result"] as? OptimizationResult)?.isConverged == true)
        let models = try #require(articleSnippets.first { $0.name == "Models" }).run()
        #expect((models["lasso"] as? FittedLinearModel)?.zeroCoefficientIndices.isEmpty == false, "Models: L1 makes exact zeros")
        #expect((models["testAccuracy"] as? Double).map { $0 > 0.9 } == true)
        let neural = try #require(articleSnippets.first { $0.name == "NeuralNetworks" }).run()
        #expect((neural["result"] as? TrainingResult).map { $0.history.last!.validationAccuracy! > 0.8 } == true, "NeuralNetworks: digits learned")
        #expect(articleSnippets.count == 7, "GettingStarted, Derivatives, Models, NeuralNetworks, Optimization, Plotting, ResultsAndTerminations")
    }
}
