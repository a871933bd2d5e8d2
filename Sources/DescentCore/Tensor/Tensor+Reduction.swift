import Foundation

/// Which norm: the function decides between the vector and the matrix meaning.
///
/// `Tensor.norm(_:)` is always the *vector* norm of all entries, whatever the rank (for a matrix,
/// `.two` is then the Frobenius norm, not NumPy's `norm(A, 2)`); `Tensor.matrixNorm(_:)` gives the
/// *matrix* meanings listed second below (NumPy's `norm(A, ord)` for a 2-D array).
public enum NormKind: String, Sendable, CaseIterable {
    /// `norm`: ‖x‖₁ = Σ|xᵢ|. `matrixNorm`: the largest absolute column sum maxⱼ Σᵢ|aᵢⱼ|.
    case one = "1"
    /// `norm`: ‖x‖₂ = √(Σxᵢ²). `matrixNorm`: the spectral norm σ_max.
    case two = "2"
    /// `norm`: ‖x‖∞ = max|xᵢ|. `matrixNorm`: the largest absolute row sum maxᵢ Σⱼ|aᵢⱼ|.
    case infinity = "inf"
    /// ‖A‖_F = √(Σᵢⱼ Aᵢⱼ²): the same for `norm` and `matrixNorm`.
    case frobenius = "fro"
    /// `matrixNorm` only: ‖A‖_* = Σσᵢ (sum of singular values); `norm(.nuclear)` is a precondition failure.
    case nuclear = "nuc"
}

// Reductions over all elements or along one axis.

extension Tensor {
    /// Σ of all elements (pairwise-free, but accumulated in a Kahan-compensated loop to keep
    /// the error O(ε) rather than O(nε) for long vectors).
    public func sum() -> Double {
        scalars.withUnsafeBufferPointer { x in
            var sum = 0.0, compensation = 0.0
            for v in x {
                let y = v - compensation
                let t = sum + y
                compensation = (t - sum) - y
                sum = t
            }
            return sum
        }
    }

    /// Arithmetic mean of all elements (NaN for an empty tensor).
    public func mean() -> Double { count == 0 ? .nan : sum() / Double(count) }

    /// Variance of all elements, Σ(x − x̄)² / (n − ddof). `ddof = 0` is the population variance
    /// (NumPy's default), `ddof = 1` the unbiased sample variance.
    public func variance(ddof: Int = 0) -> Double {
        let m = mean()
        let squares = scalars.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return squares / Double(count - ddof)
    }

    /// Standard deviation √variance.
    public func standardDeviation(ddof: Int = 0) -> Double { variance(ddof: ddof).squareRoot() }

    /// Largest element (NaN if any is NaN; −∞ for an empty tensor).
    public func max() -> Double {
        scalars.reduce(-Double.infinity) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
    }

    /// Smallest element (NaN if any is NaN; +∞ for an empty tensor).
    public func min() -> Double {
        scalars.reduce(Double.infinity) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
    }

    /// Flat index of the first largest element (NumPy's `argmax`); `nil` when empty.
    public func argmax() -> Int? {
        guard !scalars.isEmpty else { return nil }
        var best = 0
        for i in 1..<count where scalars[i] > scalars[best] || (scalars[i].isNaN && !scalars[best].isNaN) {
            best = i
        }
        return best
    }

    /// Flat index of the first smallest element; `nil` when empty.
    public func argmin() -> Int? {
        guard !scalars.isEmpty else { return nil }
        var best = 0
        for i in 1..<count where scalars[i] < scalars[best] || (scalars[i].isNaN && !scalars[best].isNaN) {
            best = i
        }
        return best
    }

    /// Reduces along one axis with `combine`, starting from `initial`; the axis disappears from the shape.
    public func reduce(alongAxis axis: Int, initial: Double, _ combine: (Double, Double) -> Double) -> Tensor {
        precondition(axis >= 0 && axis < rank, "Tensor.reduce: axis \(axis) out of range for shape \(shape)")
        let outer = shape[..<axis].reduce(1, *)
        let extent = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var newShape = shape
        newShape.remove(at: axis)
        var out = [Double](repeating: initial, count: outer * inner)
        scalars.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for a in 0..<outer {
                    for k in 0..<extent {
                        let base = (a * extent + k) * inner
                        for b in 0..<inner { o[a * inner + b] = combine(o[a * inner + b], x[base + b]) }
                    }
                }
            }
        }
        return Tensor(shape: newShape, scalars: out)
    }

    /// Sum along an axis: for a matrix, `axis: 0` gives column sums and `axis: 1` row sums.
    public func sum(alongAxis axis: Int) -> Tensor { reduce(alongAxis: axis, initial: 0, +) }

    /// Mean along an axis.
    public func mean(alongAxis axis: Int) -> Tensor {
        sum(alongAxis: axis) / Double(shape[axis])
    }

    /// Variance along an axis, Σ(x − x̄)²/(n − ddof).
    public func variance(alongAxis axis: Int, ddof: Int = 0) -> Tensor {
        let m = mean(alongAxis: axis)
        var keep = shape
        keep[axis] = 1
        let centered = self - m.reshaped(keep)
        return (centered * centered).sum(alongAxis: axis) / Double(shape[axis] - ddof)
    }

    /// Maximum along an axis.
    public func max(alongAxis axis: Int) -> Tensor {
        reduce(alongAxis: axis, initial: -.infinity) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
    }

    /// Minimum along an axis.
    public func min(alongAxis axis: Int) -> Tensor {
        reduce(alongAxis: axis, initial: .infinity) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
    }

    /// Index of the largest element in each row (`axis: 1`) or column (`axis: 0`) of a matrix.
    public func argmax(alongAxis axis: Int) -> [Int] {
        precondition(rank == 2 && (axis == 0 || axis == 1), "Tensor.argmax(alongAxis:): needs a matrix and axis 0 or 1, got shape \(shape), axis \(axis)")
        let lines = axis == 1 ? self : transposed
        return (0..<lines.shape[0]).map { lines.row($0).argmax() ?? 0 }
    }

    /// The vector norm of all elements, for every rank: ‖x‖₁ = Σ|xᵢ|, ‖x‖₂ = √(Σxᵢ²) (overflow-safe
    /// scaling), ‖x‖∞ = max|xᵢ|; `.frobenius` is the same as `.two`.
    ///
    /// A matrix is treated as the vector of its entries, so `A.norm(.two)` is the Frobenius norm,
    /// *not* the spectral norm of NumPy's `norm(A, 2)`: use `matrixNorm(_:)` for the matrix norms
    /// 1, 2, ∞ and nuclear. NaN anywhere gives NaN (as NumPy); otherwise ±∞ gives ∞. Empty: 0.
    /// - Precondition: `kind` is not `.nuclear` (a matrix-only norm).
    /// - Complexity: O(n), two passes for `.two`.
    /// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §2.2.
    public func norm(_ kind: NormKind = .two) -> Double {
        switch kind {
        case .one:
            return scalars.reduce(0) { $0 + Swift.abs($1) }
        case .two, .frobenius:
            // Scale by the largest magnitude so that squares neither overflow nor underflow (as LAPACK's dnrm2).
            // `norm(.infinity)` propagates NaN, which `Swift.max(0, .nan)` (= 0) would silently drop.
            let scale = norm(.infinity)
            guard scale > 0, scale.isFinite else { return scale }
            let sumOfSquares = scalars.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }
            return scale * sumOfSquares.squareRoot()
        case .infinity:
            return scalars.reduce(0) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, Swift.abs($1)) }
        case .nuclear:
            preconditionFailure("Tensor.norm: the nuclear norm is a matrix norm; use matrixNorm(.nuclear)")
        }
    }

    /// Σxᵢ² without the square root.
    public func squaredNorm() -> Double {
        scalars.withUnsafeBufferPointer { x in x.reduce(0) { $0 + $1 * $1 } }
    }
}
