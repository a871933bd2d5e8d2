import DescentCore

/// Checks shared by every regression fit: shapes, finiteness and sample weights, each with a typed
/// error naming the offending entry or both shapes.
enum RegressionInput {
    /// Throws unless x is a non-empty finite matrix and y a finite vector with one entry per row.
    /// Solvers that form X's cross products read all of X anyway: they pass `scanX: false` and call
    /// `requireFinite(_:given:)` afterwards instead of a separate pass over X here.
    static func validate(_ x: Tensor, _ y: Tensor, scanX: Bool = true) throws {
        guard x.rank == 2 else { throw LinearModelError.shapeMismatch(what: "X must be a matrix", shapes: [x.shape]) }
        guard x.shape[0] > 0 && x.shape[1] > 0 else { throw LinearModelError.empty(shape: x.shape) }
        try validateTarget(y, rows: x.shape[0], xShape: x.shape)
        if scanX { try requireFinite(x) }
    }

    static func requireFinite(_ x: Tensor) throws {
        if let index = x.firstNonFiniteIndex {
            throw LinearModelError.nonFinite(what: "X", index: index, value: x[index])
        }
    }

    /// The finiteness check of X after its cross products were formed without one: a NaN or ±∞ in
    /// column j makes Σsᵢ(xᵢⱼ − cⱼ)² non-finite (also when sᵢ = 0, as 0·∞ is NaN), so a finite Gram
    /// diagonal proves X finite and only a non-finite one costs the search for the entry to name.
    static func requireFinite(_ x: Tensor, given products: CenteredCrossProducts) throws {
        let d = products.xty.count
        let finite = products.gram.scalars.withUnsafeBufferPointer { g in
            (0..<d).allSatisfy { g[$0 * d + $0].isFinite }
        }
        if !finite { try requireFinite(x) }
    }

    /// The sparse counterpart of `validate(_:_:)`.
    static func validate(_ x: SparseMatrix, _ y: Tensor) throws {
        guard x.rows > 0 && x.columns > 0 else { throw LinearModelError.empty(shape: x.shape) }
        try validateTarget(y, rows: x.rows, xShape: x.shape)
        do { try x.requireFinite("X") } catch let LinearAlgebraError.nonFinite(_, index, value) {
            throw LinearModelError.nonFinite(what: "X", index: index, value: value)
        }
    }

    static func validateTarget(_ y: Tensor, rows: Int, xShape: [Int]) throws {
        guard y.rank == 1 && y.shape[0] == rows else {
            throw LinearModelError.shapeMismatch(what: "X and y (y must be a vector with one entry per row of X)", shapes: [xShape, y.shape])
        }
        if let index = y.firstNonFiniteIndex {
            throw LinearModelError.nonFinite(what: "y", index: index, value: y[index])
        }
    }

    /// Validates optional sample weights for `rows` samples: finite, non-negative, not all zero.
    static func validateWeights(_ weights: Tensor?, rows: Int) throws {
        guard let weights else { return }
        guard weights.rank == 1 && weights.count == rows else {
            throw LinearModelError.shapeMismatch(what: "sample weights (one per row of X)", shapes: [[rows], weights.shape])
        }
        if let index = weights.firstNonFiniteIndex {
            throw LinearModelError.nonFinite(what: "sample weights", index: index, value: weights[index])
        }
        if let i = weights.scalars.firstIndex(where: { $0 < 0 }) {
            throw LinearModelError.invalidSampleWeights(reason: "weight \(i) is \(weights.scalars[i]), but weights must be ≥ 0")
        }
        guard weights.scalars.contains(where: { $0 > 0 }) else {
            throw LinearModelError.invalidSampleWeights(reason: "all \(rows) weights are 0")
        }
    }

    /// Validates optional column names against the number of columns.
    static func validateNames(_ names: [String]?, columns: Int) throws {
        guard let names, names.count != columns else { return }
        throw LinearModelError.shapeMismatch(what: "column names (one per column of X)", shapes: [[columns], [names.count]])
    }

    /// Throws `.invalidParameter` unless `value` is finite and satisfies `isValid`.
    static func require(_ name: String, _ value: Double, _ requirement: String, _ isValid: (Double) -> Bool) throws {
        guard value.isFinite && isValid(value) else {
            throw LinearModelError.invalidParameter(name: name, value: value, requirement: requirement)
        }
    }
}
