import DescentCommands
import DescentCore
import DescentLearn
import Foundation
import Testing
import _TestSupport

/// `descent pca` against scikit-learn on the bundled datasets (Tools/references/pca.py →
/// References/pca_cli.json): the JSON keys, the variances, ratios and components of PCA (plain and
/// standardized) and kernel PCA, the text summary, the figure, and the refused inputs with their
/// one-line messages.
@Suite("descent pca")
struct PCACommandTests {
    static let reference = try! ReferenceData.load("pca_cli")

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let (output, _) = try PCACommand.parse(arguments).analysed()
        return try JSONSerialization.jsonObject(with: Data(output.json.rendered().utf8)) as! [String: Any]
    }

    static func matrix(_ value: Any?) -> Tensor { Tensor((value as! [[Double]])) }

    @Test("digits, standardized digits and standardized breast_cancer: scikit-learn's variances, ratios and components")
    func linear() throws {
        // Standardized digits: its always-0 border pixels are kept unscaled, as scikit-learn's StandardScaler does.
        for (arguments, name) in [(["dataset:digits", "--components", "3"], "digits"),
                                  (["dataset:digits", "--components", "3", "--standardize"], "digits_standardized"),
                                  (["dataset:breast_cancer", "--components", "4", "--standardize", "--method", "covariance"], "breast_cancer_standardized")] {
            let r = Self.reference[name]
            let out = try Self.json(arguments + ["--json"])
            #expect(out.keys.sorted() == ["components", "explained_variance", "explained_variance_ratio"])
            // LAPACK on the same matrices with the same sign rule (see PCATests): 1e-8 on unit vectors;
            // the JSON prints shortest round-trip decimals, so nothing is lost on the way.
            expectClose(Self.matrix(out["components"]), r.tensor("components"), rtol: 0, atol: 1e-8, "\(name) components")
            expectClose(out["explained_variance"] as! [Double], r.doubles("explained_variance"), rtol: 1e-10, "\(name)")
            expectClose(out["explained_variance_ratio"] as! [Double], r.doubles("explained_variance_ratio"), rtol: 1e-10, "\(name)")
        }
    }

    @Test("kernel PCA: eigenvalues of the centred kernel and λ/(n − 1), as scikit-learn's KernelPCA")
    func kernel() throws {
        let r = Self.reference["diabetes_cosine"]
        let out = try Self.json(["dataset:diabetes", "--components", "3", "--method", "kernel", "--kernel", "cosine", "--json"])
        #expect(out.keys.sorted() == ["eigenvalues", "explained_variance", "explained_variance_ratio"])
        expectClose(out["eigenvalues"] as! [Double], r.doubles("eigenvalues"), rtol: 1e-10, "dsyevd of the same 442 × 442 kernel")
        expectClose(out["explained_variance"] as! [Double], r.doubles("explained_variance"), rtol: 1e-10)
    }

    @Test("the text summary of a CSV table, and the figure")
    func summaryAndPlot() throws {
        // Three points on the line y = 2x and one off it: the first axis is close to (1, 2)/√5.
        let csv = "id,x,y\n1,0,0\n2,1,2\n3,2,4\n4,3,5\n"
        let run = try DescentCLI.run(["pca", "data.csv", "--drop", "id", "--components", "2", "--plot", "pca.svg"],
                                     files: ["data.csv": csv], reading: ["pca.svg"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let fit = try PCA(components: 2).fit(Tensor([[0, 0], [1, 2], [2, 4], [3, 5]]))
        let v = fit.explainedVariance, r = fit.explainedVarianceRatio
        #expect(run.stdout.hasPrefix("full PCA of 4 rows × 2 columns, 2 components\n  1: variance \(NumberFormat.readable(v[0])), ratio \(NumberFormat.readable(r[0]))"),
                "stdout: \(run.stdout)")
        #expect(run.stdout.contains("largest loadings y "))
        let svg = run.files["pca.svg"] ?? ""
        #expect(svg.hasPrefix("<svg") && svg.contains("Scree plot (full)") && svg.contains("Projection on the first two components"))
    }

    @Test("bad input: one line on stderr and a non-zero exit", arguments: [
        (["pca", "dataset:digits", "--components", "0"], "Error: --components must be at least 1, got 0"),
        (["pca", "dataset:digits", "--components", "65"], "error: PCA: 65 components requested, but the data (1797 × 64) allow between 1 and 64"),
        (["pca", "dataset:digits", "--components", "2", "--kernel", "rbf"], "Error: --kernel applies to --method kernel"),
        (["pca", "dataset:digits", "--components", "2", "--method", "kernel", "--gamma", "-1"], "Error: --gamma must be a positive finite number, got -1"),
        (["pca", "data.csv", "--components", "1"], "error: PCA: 1 sample; at least 2 are needed for a variance (divided by n − 1)"),
        (["pca", "dataset:diabetes", "--components", "2", "--drop", "agee"], "error: no column 'agee'; did you mean 'age'?"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let run = try DescentCLI.run(arguments, files: ["data.csv": "a,b\n1,2\n"])
        #expect(run.status != 0)
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == message, "stderr: \(run.stderr)")
    }
}
