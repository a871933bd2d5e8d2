@testable import DescentLearn
import DescentCore
import Testing
import _TestSupport

/// Kernel PCA against scikit-learn's KernelPCA (eigen_solver="dense") on the first 300 digits
/// (reference: Tools/references/pca.py), and the linear kernel against linear PCA.
@Suite("Kernel PCA")
struct KernelPCATests {
    static var reference: ReferenceData { PCATests.reference }

    @Test("RBF, polynomial and cosine kernel PCA equal scikit-learn's (eigenvalues, scores, unseen points)",
          arguments: [("rbf", KernelPCA.Kernel.rbf()), ("poly", .polynomial()), ("cosine", .cosine)])
    func matchesScikitLearn(name: String, kernel: KernelPCA.Kernel) throws {
        let r = Self.reference["kernel"][name]
        let digits = PCATests.digits
        let fit = try KernelPCA(components: 5, kernel: kernel).fit(digits.slice(rows: 0..<300))
        if name != "cosine" { expectClose(fit.gamma, r.double("gamma"), rtol: 0, "1/d, as scikit-learn's default") }
        // Both sides: the same kernel matrix (up to the rounding of the distance formula) through
        // LAPACK's symmetric eigensolver with the same sign rule. Eigenvalues to 1e-10 relative;
        // the closest gap is 1 % (RBF), so eigenvectors agree to ~1e-12 and scores to 1e-9.
        expectClose(fit.eigenvalues, r.tensor("eigenvalues"), rtol: 1e-10)
        let scale = r.tensor("training_scores").norm(.infinity)
        expectClose(fit.trainingScores, r.tensor("training_scores"), rtol: 0, atol: 1e-9 * Swift.max(scale, 1))
        expectClose(try fit.transform(digits.slice(rows: 300..<310)), r.tensor("transform"), rtol: 0, atol: 1e-9 * Swift.max(scale, 1))
    }

    @Test("the linear kernel gives linear PCA's scores; bad parameters are errors")
    func linear() throws {
        let x = PCATests.digits.slice(rows: 0..<120)
        let kernel = try KernelPCA(components: 3, kernel: .linear).fit(x)
        let linear = try PCA(components: 3).fit(x)
        let scores = try linear.transform(x)
        // Same subspace, opposite sign rules (eigenvector vs component): compare up to the sign of each column.
        for j in 0..<3 {
            let a = kernel.trainingScores.column(j), b = scores.column(j)
            let sign: Double = dot(a, b) < 0 ? -1 : 1
            expectClose(a * sign, b, atol: 1e-8 * b.norm(.infinity))
        }
        expectClose(kernel.eigenvalues, linear.explainedVariance * Double(x.shape[0] - 1), rtol: 1e-10, "λ(K̃) = σ²")
        #expect(thrownError(PCAError.self) { try KernelPCA(components: 2, kernel: .rbf(gamma: -1)).fit(x) }
                == .invalidParameter(name: "gamma", value: -1, requirement: "positive and finite"))
        #expect(thrownError(PCAError.self) { try KernelPCA(components: 121).fit(x) }
                == .invalidComponentCount(requested: 121, rows: 120, columns: 64, limit: 120))
        #expect(thrownError(PCAError.self) { try KernelPCA(components: 1, kernel: .cosine).fit(Tensor([[0, 0], [1, 2]])) } == .zeroRow(row: 0))
    }
}
