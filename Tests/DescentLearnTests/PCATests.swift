@testable import DescentLearn
import DescentCore
import Testing
import _TestSupport

/// PCA (full, covariance, randomized, incremental, sparse) and kernel PCA against scikit-learn 1.9.1
/// (reference: Tools/references/pca.py) and by their invariants.
@Suite("Principal component analysis")
struct PCATests {
    static let reference = try! ReferenceData.load("pca")
    static let digits = Dataset.digits.features

    /// Compares a fit with one of scikit-learn's. Components: both sides are LAPACK factorizations of
    /// the same matrix with the same sign rule, so they agree to rounding amplified by 1/gap of the
    /// spectrum (gaps of digits' top 10 variances ≥ 1 % of λ₁): 1e-8 absolute on unit vectors is the
    /// issue's bar, with a wide margin. Variances: relative rounding of an SVD, 1e-10.
    /// `noiseVariance`: false for IncrementalPCA, whose `noise_variance_` is the mean of the last stacked
    /// SVD's discarded σ²/(n − 1), not probabilistic PCA's (total − explained)/(min(n, d) − k) that we report.
    func expectMatches(_ fit: FittedPCA, _ r: ReferenceData, probe: Tensor, componentTolerance: Double = 1e-8, noiseVariance: Bool = true) throws {
        expectClose(fit.components, r.tensor("components"), rtol: 0, atol: componentTolerance, "components")
        expectClose(fit.explainedVariance, r.tensor("explained_variance"), rtol: 1e-10, "explained variance")
        expectClose(fit.explainedVarianceRatio, r.tensor("explained_variance_ratio"), rtol: 1e-10, "ratio")
        expectClose(fit.singularValues, r.tensor("singular_values"), rtol: 1e-10, "singular values")
        expectClose(fit.mean, r.tensor("mean"), rtol: 1e-13, "mean")
        if noiseVariance { expectClose(fit.noiseVariance, r.double("noise_variance"), rtol: 1e-9, "noise variance (a difference of sums)") }
        // Scores are ~10² in size; 1e-8 components make 1e-8·‖x‖ ≈ 1e-6 differences at most.
        expectClose(try fit.transform(probe), r.tensor("transform"), rtol: 1e-9, atol: 1e-6, "scores")
    }

    @Test("full PCA of digits equals scikit-learn's (components, variances, ratios, scores)")
    func full() throws {
        let fit = try PCA(components: 10).fit(Self.digits)
        try expectMatches(fit, Self.reference["full"], probe: Self.digits.slice(rows: 0..<5))
        expectClose(matmul(fit.components, fit.components, transposeB: true), Tensor.identity(10), atol: 1e-13, "orthonormal rows")
    }

    @Test("covariance PCA equals scikit-learn's covariance_eigh and the full SVD")
    func covariance() throws {
        let fit = try PCA(components: 10, method: .covariance).fit(Self.digits)
        try expectMatches(fit, Self.reference["covariance_eigh"], probe: Self.digits.slice(rows: 0..<5))
        let full = try PCA(components: 10).fit(Self.digits)
        // Forming XᵀX squares the condition number: the leading axes still agree to ~1e-12 here.
        expectClose(fit.components, full.components, atol: 1e-9)
        expectClose(fit.explainedVarianceRatio, full.explainedVarianceRatio, rtol: 1e-10)
    }

    @Test("whitening: scikit-learn's scores, unit sample variance, and inverse transform undoes it")
    func whitening() throws {
        let x = Self.digits
        let fit = try PCA(components: 10, whiten: true).fit(x)
        let probe = x.slice(rows: 0..<5)
        expectClose(try fit.transform(probe), Self.reference.tensor("whitened_transform"), rtol: 1e-9, atol: 1e-8)
        let scores = try fit.transform(x)
        expectClose(scores.variance(alongAxis: 0, ddof: 1), Tensor(shape: [10], repeating: 1), rtol: 1e-10)
        // The reconstruction is the projection onto the span, whitened or not.
        let plain = try PCA(components: 10).fit(x)
        expectClose(try fit.inverseTransform(try fit.transform(probe)), try plain.inverseTransform(try plain.transform(probe)), rtol: 1e-10, atol: 1e-10)
    }

    @Test("inverse transform: exact with every component, a projection with fewer")
    func inverseTransform() throws {
        let x = Self.digits.slice(rows: 0..<200)
        let all = try PCA(components: 64).fit(x)
        // Values 0–16, 64 components of an orthonormal basis: rounding of two GEMMs.
        expectClose(try all.inverseTransform(try all.transform(x)), x, atol: 1e-11)
        let some = try PCA(components: 5).fit(x)
        let z = try some.transform(x)
        expectClose(try some.transform(try some.inverseTransform(z)), z, atol: 1e-10, "projecting twice changes nothing")
    }

    @Test("reference values are those of scikit-learn 1.9.1")
    func versions() {
        #expect(Self.reference.string("sklearn_version") == "1.9.1")
    }
}
