import DescentCore
import DescentOptimize

/// The diagonal of a square operator from exact products with the unit vectors:
/// dᵢ = eᵢᵀA·eᵢ, in blocks of 32 columns (`apply(toColumnsOf:)`; batched sweeps for a Hessian).
/// - Throws: `LinearAlgebraError.notSquare`.
/// - Complexity: n operator applications; for small n (a network small enough to afford P products).
public func exactDiagonal(of a: some LinearOperator) throws -> Tensor {
    guard a.shape.count == 2, a.shape[0] == a.shape[1] else {
        throw LinearAlgebraError.notSquare(operation: "exactDiagonal", shape: a.shape)
    }
    let n = a.shape[0]
    var diagonal = [Double](repeating: 0, count: n)
    var start = 0
    while start < n {
        let width = Swift.min(32, n - start)
        let unit = Tensor(shape: [n, width], unsafeUninitialized: { out in
            out.initialize(repeating: 0)
            for j in 0..<width { out[(start + j) * width + j] = 1 }
        })
        let image = a.apply(toColumnsOf: unit)
        for j in 0..<width { diagonal[start + j] = image[start + j, j] }
        start += width
    }
    return Tensor(diagonal)
}

/// The diagonal of a square operator estimated from products with random sign vectors:
/// d̂ = (Σₖ zₖ ⊙ A·zₖ) ⊘ (Σₖ zₖ ⊙ zₖ) = (1/m)·Σₖ zₖ ⊙ A·zₖ for Rademacher zₖ (E[z ⊙ Az] = diag(A)).
/// The error of entry i has variance (Σ_{j≠i} Aᵢⱼ²)/m: small for diagonally dominant A.
/// - Parameters:
///   - a: a square n × n operator.
///   - probes: m ≥ 1 sign vectors (seeded), applied in blocks of 32.
///   - seed: the seed of the signs.
/// - Throws: `CurvatureError.countTooSmall` for m < 1; `LinearAlgebraError.notSquare`.
/// - Complexity: m operator applications.
/// - Reference: C. Bekas, E. Kokiopoulou & Y. Saad, "An estimator for the diagonal of a matrix",
///   Applied Numerical Mathematics 57, 2007.
public func sampledDiagonal(of a: some LinearOperator, probes: Int, seed: UInt64 = 0) throws -> Tensor {
    guard probes >= 1 else { throw CurvatureError.countTooSmall(what: "diagonal probes", count: probes, minimum: 1) }
    guard a.shape.count == 2, a.shape[0] == a.shape[1] else {
        throw LinearAlgebraError.notSquare(operation: "sampledDiagonal", shape: a.shape)
    }
    let n = a.shape[0]
    var generator = SeededGenerator(seed: seed)
    var sum = [Double](repeating: 0, count: n)
    var start = 0
    while start < probes {
        let width = Swift.min(32, probes - start)
        let z = rademacherMatrix(rows: n, columns: width, using: &generator)
        let image = a.apply(toColumnsOf: z)
        z.scalars.withUnsafeBufferPointer { z in
            image.scalars.withUnsafeBufferPointer { az in
                for i in 0..<n { for j in 0..<width { sum[i] += z[i * width + j] * az[i * width + j] } }
            }
        }
        start += width
    }
    return Tensor(sum) / Double(probes)
}
