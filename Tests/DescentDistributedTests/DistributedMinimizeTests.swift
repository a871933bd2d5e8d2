import Foundation
import Testing

/// Deterministic methods on a finite sum split across ranks take the same path as one process:
/// L-BFGS, BFGS, Newton-CG (distributed Hessian-vector products) and trust region on L2-regularized
/// logistic regression, with both reduction orders; the minimizers agree to 1e-10 with equal
/// iteration counts, and every rank holds the same bits (DescentDistributedChecks `minimize`).
@Suite("DistributedMinimize", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct DistributedMinimizeTests {
    @Test(arguments: [2, 4])
    func methodsMatchOneProcess(ranks: Int) throws {
        let job = try MPIRun.run(ranks: ranks, ["minimize"])
        MPIRun.expectPass(job, "minimize", ranks: ranks)
        #expect(job.stdout.contains("L-BFGS rankOrdered: "), "\(job.stdout)")
    }
}

/// Data-parallel Adam (each rank its part of a global batch of 32, one rank empty on 4 ranks)
/// equals one process running Adam on the global batch, θ and losses to 1e-12
/// (DescentDistributedChecks `adam`); distributed SVRG equals single-process SVRG.
@Suite("DataParallelTraining", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct DataParallelTrainingTests {
    @Test(arguments: [2, 4])
    func adamMatchesOneProcess(ranks: Int) throws {
        MPIRun.expectPass(try MPIRun.run(ranks: ranks, ["adam"]), "adam", ranks: ranks)
    }

    /// Distributed SVRG takes DescentOptimize's `svrg` steps (same seed, same batches) to 1e-10,
    /// and ranges of rows that do not partition 0..<N are refused (DescentDistributedChecks `svrg`).
    @Test(arguments: [2, 4])
    func svrgMatchesOneProcess(ranks: Int) throws {
        MPIRun.expectPass(try MPIRun.run(ranks: ranks, ["svrg"]), "svrg", ranks: ranks)
    }
}

/// Distributed logistic regression against scikit-learn (Tools/references/distributed_logistic.py):
/// Newton-CG to 1e-9 and L-BFGS to 1e-7 of sklearn's coefficients, rows split over 2 and 4 ranks
/// (DescentDistributedChecks `peer` states the tolerances' reasons).
@Suite("DistributedLogisticRegression", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct DistributedLogisticRegressionTests {
    @Test(arguments: [2, 4])
    func matchesScikitLearn(ranks: Int) throws {
        let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("References/distributed_logistic.json")
        MPIRun.expectPass(try MPIRun.run(ranks: ranks, ["peer", reference.path]), "peer", ranks: ranks)
    }
}
