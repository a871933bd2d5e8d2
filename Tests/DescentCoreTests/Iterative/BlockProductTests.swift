import DescentCore
import Testing
import _TestSupport

/// A dense matrix that counts how it is applied, so a test can see whether a method used the
/// operator's block product (`apply(toColumnsOf:)`) or went column by column. Operators with a
/// fast block product (a Hessian's batched sweeps) only pay off if the block methods call it.
private final class CountingOperator: LinearOperator {
    let matrix: Tensor
    var vectorProducts = 0, blockProducts = 0, blockColumns = 0

    init(_ matrix: Tensor) { self.matrix = matrix }

    var shape: [Int] { matrix.shape }
    var canApplyTransposed: Bool { true }

    func apply(_ x: Tensor) -> Tensor {
        vectorProducts += 1
        return matrix.apply(x)
    }

    func applyTransposed(_ x: Tensor) -> Tensor {
        vectorProducts += 1
        return matrix.applyTransposed(x)
    }

    func apply(toColumnsOf x: Tensor) -> Tensor {
        (blockProducts, blockColumns) = (blockProducts + 1, blockColumns + x.shape[1])
        return matrix.apply(toColumnsOf: x)
    }

    func applyTransposed(toColumnsOf x: Tensor) -> Tensor {
        (blockProducts, blockColumns) = (blockProducts + 1, blockColumns + x.shape[1])
        return matrix.applyTransposed(toColumnsOf: x)
    }
}

@Suite("Block methods use the operator's block product")
struct BlockProductTests {
    /// Symmetric 12 × 12 with eigenvalues 1…12 (Q·diag·Qᵀ, Q from a QR of a Gaussian matrix).
    static func symmetric() throws -> Tensor {
        var generator = SeededGenerator(seed: 11)
        let q = try QR(Tensor.randomNormal([12, 12], using: &generator)).q
        let a = matmul(q * Tensor((1...12).map(Double.init)), q, transposeB: true)
        return (a + a.transposed) * 0.5
    }

    @Test func subspaceIterationMakesOneBlockProductPerStep() throws {
        let a = CountingOperator(try Self.symmetric())
        let result = try subspaceIteration(a, count: 3, blockSize: 6, options: IterativeOptions(tolerance: 1e-10))
        #expect(result.termination == .convergedResidual)
        #expect(a.vectorProducts == 0)
        // Steps 0…iterations each make one product A·V, and the residuals one more.
        #expect(a.blockProducts == result.iterations + 2)
        #expect(a.blockColumns == result.operatorApplications)
    }

    @Test func randomizedMethodsMakeOnlyBlockProducts() throws {
        let a = CountingOperator(try Self.symmetric())
        _ = try randomizedRangeFinder(a, size: 5, powerIterations: 2)
        #expect(a.vectorProducts == 0 && a.blockProducts == 5, "A·Ω, then (Aᵀ·Q, A·Z) per power iteration")
        let b = CountingOperator(try Self.symmetric())
        let svd = try RandomizedSVD(b, rank: 3, oversampling: 2, powerIterations: 1)
        #expect(b.vectorProducts == 0 && b.blockProducts == 4, "range finder (3 products), then Bᵀ = AᵀQ")
        #expect(b.blockColumns == svd.operatorApplications)
    }

    @Test func vectorMethodsComputeTheirResidualsInOneBlockProduct() throws {
        let a = CountingOperator(try Self.symmetric())
        let result = try lanczos(a, count: 3, blockSize: 1)
        #expect(a.blockProducts == 1 && a.blockColumns == 3, "the three residuals ‖Avᵢ − λᵢvᵢ‖")
        #expect(a.vectorProducts + 3 == result.operatorApplications, "one product per Krylov step")
        // Block Lanczos (b = 2) expands its front block in one block product.
        let blocked = CountingOperator(try Self.symmetric())
        let pairs = try lanczos(blocked, count: 3, blockSize: 2)
        #expect(blocked.vectorProducts == 0 && blocked.blockColumns == pairs.operatorApplications, "blocks of 2, then the residuals")
        let b = CountingOperator(try Self.symmetric())
        _ = try deflatedPowerIteration(b, count: 2, options: IterativeOptions(tolerance: 1e-6))
        #expect(b.blockProducts == 2 && b.blockColumns == 4, "A·Q for the Rayleigh–Ritz step, then the residuals")
    }
}
