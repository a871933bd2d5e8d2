import DescentCore
import Foundation

/// A fitted binary logistic regression: the coefficients w, the intercept b, and how the solver
/// ended. Predictions use z = xᵀw + b and P(y = 1 | x) = σ(z) = 1/(1 + e^{−z}).
public struct FittedLogisticRegression: IterativeResult, Sendable {
    /// The configuration that was fitted.
    public let configuration: LogisticRegression
    /// The solver that produced the answer (`.automatic` resolved; `.newton` when it finished
    /// an automatic L-BFGS run).
    public let solver: LogisticRegression.Solver
    /// The coefficients w, one per column.
    public let coefficients: Tensor
    /// The intercept b (0 when `fitIntercept` is false).
    public let intercept: Double
    /// The column names given to `fit`, if any.
    public let columnNames: [String]?
    /// scikit-learn's objective at the answer: C Σ sᵢℓᵢ + R(w) (Σ sᵢℓᵢ without a penalty).
    public let objective: Double
    /// The largest violation of the optimality conditions of the scaled objective at the answer
    /// (‖∇‖∞ for smooth penalties, the minimum-norm subgradient for L1 and elastic net).
    public let optimalityViolation: Double
    /// Why the solver stopped.
    public let termination: Termination
    /// Completed iterations (outer iterations; epochs for SAGA).
    public let iterations: Int

    /// The number of columns the model expects.
    public var featureCount: Int { coefficients.count }

    /// The coefficient of the column named `name`, or nil when no such name was given.
    public func coefficient(named name: String) -> Double? {
        guard let index = columnNames?.firstIndex(of: name) else { return nil }
        return coefficients.scalars[index]
    }

    /// The coefficients paired with their names (`x0`, `x1`, … when no names were given).
    public var namedCoefficients: [(name: String, value: Double)] {
        coefficients.scalars.enumerated().map { (columnNames?[$0.offset] ?? "x\($0.offset)", $0.element) }
    }

    /// The decision function z = Xw + b (n), the log-odds of class 1.
    /// - Throws: `ClassificationError.featureCountMismatch` or `.nonFinite` for bad data.
    public func decisionFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2 else {
            throw ClassificationError.shapeMismatch(first: "x (a matrix)", firstShape: x.shape, second: "coefficients", secondShape: coefficients.shape)
        }
        return try decision(.dense(x))
    }

    /// The decision function for sparse rows.
    public func decisionFunction(_ x: SparseMatrix) throws -> Tensor {
        try decision(.sparse(x))
    }

    /// The n × 2 matrix of class probabilities [1 − σ(z), σ(z)], as scikit-learn's `predict_proba`.
    public func predictProbabilities(_ x: Tensor) throws -> Tensor {
        Self.probabilityMatrix(try decisionFunction(x))
    }

    /// The n × 2 class probabilities for sparse rows.
    public func predictProbabilities(_ x: SparseMatrix) throws -> Tensor {
        Self.probabilityMatrix(try decisionFunction(x))
    }

    /// P(y = 1 | xᵢ) = σ(zᵢ) for each row (the second column of `predictProbabilities`).
    public func positiveProbabilities(_ x: Tensor) throws -> Tensor {
        try decisionFunction(x).map { sigmoid($0) }
    }

    /// The predicted labels: 1 where z > 0, else 0 (scikit-learn's rule; z = 0 predicts 0).
    public func predict(_ x: Tensor) throws -> Tensor {
        try decisionFunction(x).map { $0 > 0 ? 1 : 0 }
    }

    /// The predicted labels for sparse rows.
    public func predict(_ x: SparseMatrix) throws -> Tensor {
        try decisionFunction(x).map { $0 > 0 ? 1 : 0 }
    }

    /// The (weighted) accuracy of `predict(x)` against y: Σ sᵢ[ŷᵢ = yᵢ] / Σ sᵢ.
    /// - Throws: `ClassificationError` for mismatched shapes or non-finite data.
    public func score(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil) throws -> Double {
        try accuracy(y, try predict(x), sampleWeights: sampleWeights)
    }

    func decision(_ x: DesignMatrix) throws -> Tensor {
        guard x.columns == featureCount else { throw ClassificationError.featureCountMismatch(expected: featureCount, got: x.columns) }
        if let bad = x.firstNonFinite() {
            throw ClassificationError.nonFinite(input: "x", row: bad.row, column: bad.column, value: bad.value)
        }
        var z = x.times(coefficients)
        if intercept != 0 { z.scalars.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] += intercept } } }
        return z
    }

    static func probabilityMatrix(_ z: Tensor) -> Tensor {
        Tensor(shape: [z.count, 2], unsafeUninitialized: { out in
            for (i, zi) in z.scalars.enumerated() {
                let p = sigmoid(zi)
                // 1 − σ(z) = σ(−z), computed directly so small tails keep their precision.
                out[2 * i] = sigmoid(-zi)
                out[2 * i + 1] = p
            }
        })
    }
}
