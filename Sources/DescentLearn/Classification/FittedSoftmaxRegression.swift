import DescentCore
import Foundation

/// A fitted multinomial logistic regression: coefficients W (k × d, one row per class),
/// intercepts b (k, summing to 0), the classes, and how the solver ended.
public struct FittedSoftmaxRegression: IterativeResult, Sendable {
    /// The configuration that was fitted.
    public let configuration: SoftmaxRegression
    /// The class labels, sorted; row c of `coefficients` belongs to `classes[c]`.
    public let classes: [Double]
    /// W, k × d.
    public let coefficients: Tensor
    /// b, k entries with Σ b_c = 0.
    public let intercepts: Tensor
    /// The column names given to `fit`, if any.
    public let columnNames: [String]?
    /// scikit-learn's objective at the answer: C Σ sᵢ CEᵢ + ½‖W‖²_F (Σ sᵢ CEᵢ without a penalty).
    public let objective: Double
    /// ‖∇‖∞ of the scaled objective at the answer.
    public let optimalityViolation: Double
    /// Why the solver stopped.
    public let termination: Termination
    /// Completed iterations.
    public let iterations: Int

    /// The number of columns the model expects.
    public var featureCount: Int { coefficients.columns }

    /// The k coefficients of the column named `name` (one per class), or nil for an unknown name.
    public func coefficients(named name: String) -> Tensor? {
        guard let j = columnNames?.firstIndex(of: name) else { return nil }
        return coefficients.column(j)
    }

    /// The decision values Z = X Wᵀ + 1bᵀ (n × k).
    /// - Throws: `ClassificationError.featureCountMismatch` or `.nonFinite`.
    public func decisionFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2 else { throw ClassificationError.shapeMismatch(first: "x (a matrix)", firstShape: x.shape, second: "coefficients", secondShape: coefficients.shape) }
        return try decision(.dense(x))
    }

    /// The decision values for sparse rows.
    public func decisionFunction(_ x: SparseMatrix) throws -> Tensor { try decision(.sparse(x)) }

    /// The n × k softmax probabilities, columns in the order of `classes`.
    public func predictProbabilities(_ x: Tensor) throws -> Tensor { Self.softmax(try decisionFunction(x)) }

    /// The n × k probabilities for sparse rows.
    public func predictProbabilities(_ x: SparseMatrix) throws -> Tensor { Self.softmax(try decisionFunction(x)) }

    /// The most probable class of each row (the first on ties, as NumPy's argmax).
    public func predict(_ x: Tensor) throws -> Tensor { labels(of: try decisionFunction(x)) }

    /// The most probable class of each sparse row.
    public func predict(_ x: SparseMatrix) throws -> Tensor { labels(of: try decisionFunction(x)) }

    /// The (weighted) accuracy of `predict(x)` against y.
    public func score(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil) throws -> Double {
        try accuracy(y, try predict(x), sampleWeights: sampleWeights)
    }

    func decision(_ x: DesignMatrix) throws -> Tensor {
        guard x.columns == featureCount else { throw ClassificationError.featureCountMismatch(expected: featureCount, got: x.columns) }
        if let bad = x.firstNonFinite() {
            throw ClassificationError.nonFinite(input: "x", row: bad.row, column: bad.column, value: bad.value)
        }
        var z = x.timesTransposed(coefficients)
        let k = classes.count
        z.scalars.withUnsafeMutableBufferPointer { zs in
            for i in 0..<x.rows { for c in 0..<k { zs[i * k + c] += intercepts.scalars[c] } }
        }
        return z
    }

    func labels(of z: Tensor) -> Tensor {
        let k = classes.count
        return Tensor(shape: [z.rows], unsafeUninitialized: { out in
            for i in 0..<z.rows {
                var best = 0
                for c in 1..<k where z.scalars[i * k + c] > z.scalars[i * k + best] { best = c }
                out[i] = classes[best]
            }
        })
    }

    static func softmax(_ z: Tensor) -> Tensor {
        let (n, k) = (z.rows, z.columns)
        return Tensor(shape: [n, k], unsafeUninitialized: { out in
            for i in 0..<n {
                var top = -Double.infinity
                for c in 0..<k { top = Swift.max(top, z.scalars[i * k + c]) }
                var sum = 0.0
                for c in 0..<k { let e = Foundation.exp(z.scalars[i * k + c] - top); out[i * k + c] = e; sum += e }
                for c in 0..<k { out[i * k + c] /= sum }
            }
        })
    }
}
