@testable import DescentLearn
import DescentCore
import Testing
import _TestSupport

/// The approximate and streaming PCA methods, sparse input and bad input: randomized and incremental
/// against the full SVD and scikit-learn's IncrementalPCA, sparse against scikit-learn's sparse
/// covariance_eigh (reference: Tools/references/pca.py).
@Suite("PCA methods, sparse input and bad input")
struct PCAMethodTests {
    static var reference: ReferenceData { PCATests.reference }
    static var digits: Tensor { PCATests.digits }

    @Test("full PCA: the QR, tall and wide paths each give the SVD of the centred data", arguments: [(60, 20), (25, 20), (20, 20), (12, 20)])
    func fullPaths(rows: Int, columns: Int) throws {
        // 60 × 20 takes the QR path (6n ≥ 11d), 25 × 20 and 20 × 20 the SVD of X̄ᵀ, 12 × 20 that of X̄.
        // The reference is `SVD` of X̄ itself; both are backward stable, and with σ well separated
        // (Gaussian data) the axes agree to a few ulps times κ — 1e-10 leaves room for that.
        var generator = SeededGenerator(seed: UInt64(rows * 100 + columns))
        let x = Tensor.randomNormal([rows, columns], using: &generator) * 3 + 7
        let k = Swift.min(rows, columns)
        let fit = try PCA(components: k).fit(x)
        let svd = try SVD(x - x.mean(alongAxis: 0))
        var axes = svd.vt.slice(rows: 0..<k)
        ComponentSigns.flipRows(&axes)
        // The last σ of a centred X with n ≤ d is 0 (centring removes one dimension): skip its axis.
        let meaningful = rows <= columns ? k - 1 : k
        expectClose(fit.singularValues, Tensor(Array(svd.singularValues.scalars.prefix(k))), rtol: 1e-12, atol: 1e-12 * svd.singularValues.scalars[0], "σ")
        expectClose(fit.components.slice(rows: 0..<meaningful), axes.slice(rows: 0..<meaningful), atol: 1e-10, "Vᵀ")
    }

    @Test("randomized PCA is exact for data of rank ≤ k + p, and close to the full SVD on digits")
    func randomized() throws {
        // Rank 8 (8 latent factors, 300 × 40): the sketch of l = k + p = 15 vectors spans the whole
        // range, so the result is the SVD to rounding.
        var generator = SeededGenerator(seed: 3)
        let x = matmul(Tensor.randomNormal([300, 8], using: &generator), Tensor.randomNormal([8, 40], using: &generator)) + 5
        let exact = try PCA(components: 5).fit(x)
        let sketched = try PCA(components: 5, method: .randomized(oversampling: 10, seed: 11)).fit(x)
        expectClose(sketched.components, exact.components, atol: 1e-10)
        expectClose(sketched.explainedVarianceRatio, exact.explainedVarianceRatio, rtol: 1e-12)

        // Digits: full rank, and λ₉, λ₁₀ lie within 10 % of λ₁₁ … λ₂₀, the directions the sketch of
        // l = 20 vectors cannot see: with scikit-learn's q = 4 the error of λᵢ decays like
        // (σₗ₊₁/σᵢ)^(2(2q+1)) — measured 2e-7 relative for λ₁…λ₆ and 1.4e-5 for λ₉; bounds 10× those.
        // With q = 30 the sketch has converged to rounding.
        let full = try PCA(components: 10).fit(Self.digits)
        let fast = try PCA(components: 10, method: .randomized()).fit(Self.digits)
        expectClose(Array(fast.explainedVariance.scalars.prefix(6)), Array(full.explainedVariance.scalars.prefix(6)), rtol: 2e-6)
        expectClose(fast.explainedVariance, full.explainedVariance, rtol: 1.5e-4)
        expectClose(fast.explainedVarianceRatio, full.explainedVarianceRatio, rtol: 1.5e-4)
        let converged = try PCA(components: 10, method: .randomized(powerIterations: 30)).fit(Self.digits)
        expectClose(converged.explainedVariance, full.explainedVariance, rtol: 1e-10)
        expectClose(converged.components, full.components, atol: 1e-7)
        expectClose(fast.totalVariance, full.totalVariance, rtol: 1e-12, "the total is exact, not sketched")
    }

    @Test("incremental PCA equals scikit-learn's IncrementalPCA, and the full SVD with every component")
    func incremental() throws {
        let r = Self.reference["incremental"]
        let fit = try PCA(components: 10, method: .incremental(batchSize: r.int("batch_size"))).fit(Self.digits)
        // Six SVDs of the same stacked matrices as scikit-learn's: rounding, as for the full PCA.
        try PCATests().expectMatches(fit, r, probe: Self.digits.slice(rows: 0..<5), noiseVariance: false)
        let x = Self.digits.slice(rows: 0..<500)
        let all = try PCA(components: 64, method: .incremental(batchSize: 100)).fit(x)
        let full = try PCA(components: 64).fit(x)
        // Nothing truncated: the leading 20 axes (gaps ≥ 1e-3·λ₁) agree to rounding over 5 updates.
        expectClose(all.components.slice(rows: 0..<20), full.components.slice(rows: 0..<20), atol: 1e-9)
        expectClose(all.explainedVariance, full.explainedVariance, rtol: 1e-9, atol: 1e-9 * full.explainedVariance[0])
        // Streaming by hand is the same fold as `fit`.
        var stream = try IncrementalPCA(configuration: PCA(components: 64, method: .incremental(batchSize: 100)))
        for rows in [0..<100, 100..<200, 200..<300, 300..<400, 400..<500] { try stream.partialFit(x.slice(rows: rows)) }
        #expect(try stream.fitted() == all)
        #expect(stream.samplesSeen == 500)
        #expect(thrownError(PCAError.self) { try stream.partialFit(Tensor([[1, 2]])) }
                == .columnCountMismatch(expected: 64, given: 2, operation: "partial fit"))
        #expect(IncrementalPCA.batches(rows: 10, batchSize: 4, minimumBatchSize: 3) == [0..<4, 4..<10],
                "scikit-learn's gen_batches(10, 4, min_batch_size=3)")
        #expect(IncrementalPCA.batches(rows: 12, batchSize: 4, minimumBatchSize: 0) == [0..<4, 4..<8, 8..<12])
    }

    @Test("sparse input: covariance equals scikit-learn's, randomized the dense fit, scores the dense scores")
    func sparse() throws {
        let r = Self.reference["sparse"]
        let x = try SparseMatrix(rows: r.int("rows"), columns: r.int("columns"), rowIndices: r.doubles("row_indices").map { Int($0) },
                                 columnIndices: r.doubles("column_indices").map { Int($0) }, values: r.doubles("values"))
        let fit = try PCA(components: 5, method: .covariance).fit(x)
        try PCATests().expectMatches(fit, r, probe: x.toDense().slice(rows: 0..<5))
        expectClose(try fit.transform(x), try fit.transform(x.toDense()), rtol: 1e-12, atol: 1e-12)
        // Implicit centring is the same arithmetic as centring a dense copy: with the same seed (the
        // same Gaussian sketch) the sparse and dense randomized fits agree to rounding.
        let sketched = try PCA(components: 5, method: .randomized(seed: 4)).fit(x)
        let dense = try PCA(components: 5, method: .randomized(seed: 4)).fit(x.toDense())
        expectClose(sketched.explainedVariance, dense.explainedVariance, rtol: 1e-11)
        expectClose(sketched.components, dense.components, atol: 1e-10)
        expectClose(sketched.totalVariance, dense.totalVariance, rtol: 1e-12)
        #expect(thrownError(PCAError.self) { try PCA(components: 2).fit(x) } == .sparseUnsupported(method: "full"))
    }

    @Test("bad input: component counts, non-finite data, one sample, constant data, wrong widths")
    func badInput() {
        let x: Tensor = [[1, 2, 3], [4, 5, 7], [0, 1, 1], [2, 2, 2]]
        #expect(thrownError(PCAError.self) { try PCA(components: 0).fit(x) }
                == .invalidComponentCount(requested: 0, rows: 4, columns: 3, limit: 3))
        let tooMany = thrownError(PCAError.self) { try PCA(components: 4).fit(x) }
        #expect(tooMany?.description == "PCA: 4 components requested, but the data (4 × 3) allow between 1 and 3")
        // NaN ≠ NaN, so the case is checked through its message.
        #expect(thrownError(PCAError.self) { try PCA(components: 1).fit(Tensor([[1, 2], [3, .nan]])) }?.description
                == "PCA: entry (1, 1) is nan, but all entries must be finite")
        #expect(thrownError(PCAError.self) { try PCA(components: 1).fit(Tensor([[1, 2]])) } == .tooFewSamples(rows: 1))
        for method: PCA.Method in [.full, .covariance, .randomized(), .incremental()] {
            #expect(thrownError(PCAError.self) { try PCA(components: 1, method: method).fit(Tensor([[3, 1], [3, 1], [3, 1]])) } == .zeroVariance,
                    "\(method.name)")
        }
        let fit = try? PCA(components: 2).fit(x)
        #expect(thrownError(PCAError.self) { try fit!.transform(Tensor([[1, 2]])) }
                == .columnCountMismatch(expected: 3, given: 2, operation: "transform"))
        #expect(thrownError(PCAError.self) { try PCA(components: 2, method: .incremental(batchSize: 1)).fit(x) }
                == .invalidParameter(name: "batch size", value: 1, requirement: "at least the number of components (2)"))
    }
}
