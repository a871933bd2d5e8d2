// Pieces shared by the single-vector eigen-iterations (power, inverse, Rayleigh quotient iteration).

/// The Rayleigh quotient λ = xᵀA·x of a unit vector x, the residual ‖A·x − λ·x‖₂ and the product A·x.
///
/// For symmetric A, λ is the best eigenvalue estimate for x in the least-squares sense
/// (it minimizes ‖A·x − μ·x‖ over μ) and its error is O(‖residual‖²).
/// Reference: Trefethen & Bau, *Numerical Linear Algebra*, Lecture 27.
func rayleighQuotient(_ a: some LinearOperator, _ x: Tensor) -> (value: Double, residual: Double, image: Tensor) {
    let ax = a.apply(x)
    let lambda = dot(x, ax)
    var r = ax
    r.addScaled(x, by: -lambda)
    return (lambda, r.norm(.two), ax)
}

/// Checks the operator for an eigen-iteration (finite, square, non-empty) and returns its order n.
func requireEigenproblem(_ a: some LinearOperator, _ operation: String) throws -> Int {
    try a.validate(operation)
    try a.requireSquareOperator(operation)
    guard a.shape[0] > 0 else {
        throw LinearAlgebraError.unsupported(operation: operation, reason: "an empty (0 × 0) operator has no eigenpair")
    }
    return a.shape[0]
}

/// The unit starting vector: `start` normalized, or a random unit vector drawn with `seed`.
/// - Throws: `.nonFinite` for a NaN/∞ entry in `start`, `.unsupported` for a zero `start`.
func startingVector(_ start: Tensor?, order n: Int, seed: UInt64, _ operation: String) throws -> Tensor {
    guard let start else {
        var generator = SeededGenerator(seed: seed)
        return Tensor.randomUnitVector(n, using: &generator)
    }
    precondition(start.count == n, "\(operation): start shape \(start.shape) does not fit an operator of order \(n)")
    try start.requireFinite(operation)
    let length = start.norm(.two)
    guard length > 0 else {
        throw LinearAlgebraError.unsupported(operation: operation, reason: "the starting vector is zero")
    }
    return Tensor(shape: [n], scalars: start.scalars) / length
}

extension EigenpairResult {
    /// A result with no pair yet, to be improved by `keepIfBetter`.
    static func initial(_ x: Tensor) -> EigenpairResult {
        EigenpairResult(eigenvalue: .nan, eigenvector: x, residual: .infinity, iterations: 0,
                        operatorApplications: 0, linearSolves: 0, termination: .iterationLimit)
    }

    /// Keeps (λ, x) if its residual is the smallest so far, so a non-converged run returns its best pair.
    mutating func keepIfBetter(_ value: Double, _ vector: Tensor, residual: Double) {
        if residual < self.residual {
            (eigenvalue, eigenvector, self.residual) = (value, vector, residual)
        }
    }

    /// Scores the unit vector `x` by its Rayleigh quotient, keeps it if it is the best pair so far,
    /// and says whether the iteration must stop: `.nonFiniteValue` when λ or ‖Ax − λx‖ overflowed,
    /// `.convergedResidual` when ‖Ax − λx‖ ≤ `tolerance` (the caller's tol·‖A‖). One operator application.
    /// - Returns: the Rayleigh quotient λ when the iteration may go on, `nil` when it must stop.
    mutating func score(_ a: some LinearOperator, _ x: Tensor, tolerance: Double) -> Double? {
        let (lambda, residual, _) = rayleighQuotient(a, x)
        operatorApplications += 1
        guard lambda.isFinite, residual.isFinite else { termination = .nonFiniteValue; return nil }
        keepIfBetter(lambda, x, residual: residual)
        if residual <= tolerance {
            termination = .convergedResidual
            return nil
        }
        return lambda
    }
}
