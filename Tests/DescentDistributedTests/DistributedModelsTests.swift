import Foundation
import Testing

/// Where the reference files of Tools/references/distributed.py are.
private func reference(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References/\(name)").path
}

/// Least squares, ridge, lasso (Gram coordinate descent), logistic regression (L-BFGS) and PCA (covariance, TSQR, and restarted
/// Lanczos with a distributed covariance-vector product) on rows split unevenly across ranks equal
/// scikit-learn and one process (DescentDistributedChecks `models`, which states each tolerance).
@Suite("DistributedModels", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct DistributedModelsTests {
    @Test(arguments: [2, 3])
    func linearModelsAndPCAMatchScikitLearn(ranks: Int) throws {
        let job = try MPIRun.run(ranks: ranks, ["models", reference("distributed_models.json")])
        MPIRun.expectPass(job, "models", ranks: ranks)
        #expect(job.stdout.contains("PCA lanczos: "), "\(job.stdout)")
    }
}

/// PageRank with rank 0 holding no nodes and the others uneven shares equals networkx (plain and
/// personalized, with dangling nodes) and one process; ranges that do not partition the nodes are
/// refused (DescentDistributedChecks `pagerank`).
@Suite("DistributedPageRank", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct DistributedPageRankTests {
    @Test(arguments: [2, 4])
    func matchesNetworkx(ranks: Int) throws {
        let job = try MPIRun.run(ranks: ranks, ["pagerank", reference("distributed_pagerank.json")])
        MPIRun.expectPass(job, "pagerank", ranks: ranks)
        #expect(job.stdout.contains("PageRank personalized: "), "\(job.stdout)")
    }
}
