import Foundation
import DescentCore
import DescentOptimize

/// Data prepared once for any number of elastic-net solves (one fit, or every α of a path):
/// centred and weighted as scikit-learn does, stored in the layout the solver needs.
struct ElasticNetProblem {
    enum Storage {
        case dense(DenseCoordinateData)
        case gram(GramCoordinateData)
        case sparse(SparseCoordinateData)
    }

    let storage: Storage
    /// n (sample weights are rescaled to sum to n, so this is also Σs).
    let sampleCount: Int
    let featureCount: Int
    let xOffset: Tensor
    let yOffset: Double
    /// The centred dense problem, kept for FISTA (nil otherwise).
    let denseCentered: CenteredData?

    /// scikit-learn's sample-weight convention for the lasso and elastic net: s ← s·n/Σs, so that the
    /// objective (1/2n)Σ sᵢrᵢ² + penalty is the weighted average loss plus the penalty.
    static func rescaled(_ weights: Tensor?, rows: Int) -> Tensor? {
        guard let weights else { return nil }
        return weights * (Double(rows) / weights.sum())
    }

    /// Whether dense X is solved in the Gram form: by the policy (automatic: n > d), except for FISTA,
    /// which keeps the centred X.
    static func usesGram(_ x: Tensor, policy: GramPolicy, keepCentered: Bool) -> Bool {
        !keepCentered && (policy == .always || (policy == .automatic && x.shape[0] > x.shape[1]))
    }

    /// - Throws: `.nonFinite` for NaN or ±∞ in X when the Gram form skipped the separate check
    ///   (`RegressionInput.validate(_:_:scanX:)`).
    init(dense x: Tensor, _ y: Tensor, weights: Tensor?, fitIntercept: Bool, gram: GramPolicy, keepCentered: Bool) throws {
        let (n, d) = (x.shape[0], x.shape[1])
        sampleCount = n
        featureCount = d
        if Self.usesGram(x, policy: gram, keepCentered: keepCentered) {
            // XcᵀSXc and XcᵀSyc in one blocked pass over X, without a centred copy of it.
            let products = CenteredCrossProducts(x, y, weights: weights, centered: fitIntercept)
            try RegressionInput.requireFinite(x, given: products)
            storage = .gram(GramCoordinateData(gram: products.gram, xty: products.xty,
                                               targetSquaredNorm: products.targetSquaredNorm))
            (xOffset, yOffset, denseCentered) = (products.xMean, products.yMean, nil)
        } else if keepCentered {
            let c = CenteredData(x, y, weights: weights, fitIntercept: fitIntercept)
            storage = .dense(DenseCoordinateData(transposed: c.x.transposed, y: c.y))
            (xOffset, yOffset, denseCentered) = (c.xOffset, c.yOffset, c)
        } else {
            let c = CenteredData(x, y, weights: weights, fitIntercept: fitIntercept, transposed: true)
            storage = .dense(DenseCoordinateData(transposed: c.x, y: c.y))
            (xOffset, yOffset, denseCentered) = (c.xOffset, c.yOffset, nil)
        }
    }

    init(sparse x: SparseMatrix, _ y: Tensor, weights: Tensor?, fitIntercept: Bool) {
        let (n, d) = (x.rows, x.columns)
        sampleCount = n
        featureCount = d
        let s = weights?.scalars
        let total = s.map { $0.reduce(0, +) } ?? Double(n)
        var means = [Double](repeating: 0, count: d)
        var yMean = 0.0
        if fitIntercept {
            // Weighted column means from the stored entries only (zeros add nothing): O(nnz).
            for i in 0..<n {
                let weight = s?[i] ?? 1
                yMean += weight * y.scalars[i]
                for p in x.rowOffsets[i]..<x.rowOffsets[i + 1] { means[Int(x.columnIndices[p])] += weight * x.values[p] }
            }
            for j in 0..<d { means[j] /= total }
            yMean /= total
        }
        let centeredY = y.scalars.map { $0 - yMean }
        storage = .sparse(SparseCoordinateData(columnsOf: x.transposed, y: centeredY, weights: s, means: means))
        xOffset = Tensor(means)
        yOffset = yMean
        denseCentered = nil
    }

    /// Xᵀy of the prepared (centred, weighted) data: the correlations at w = 0.
    func correlationsAtZero() -> [Double] {
        var w = [Double](repeating: 0, count: featureCount)
        var out = [Double](repeating: 0, count: featureCount)
        w.withUnsafeMutableBufferPointer { wp in
            out.withUnsafeMutableBufferPointer { op in
                switch storage {
                case .dense(let data): data.reset(to: UnsafeBufferPointer(wp)); data.correlations(into: op)
                case .gram(let data): data.reset(to: UnsafeBufferPointer(wp)); data.correlations(into: op)
                case .sparse(let data): data.reset(to: UnsafeBufferPointer(wp)); data.correlations(into: op)
                }
            }
        }
        return out
    }

    /// α_max = ‖X_cᵀ(s∘y_c)‖∞/(n·ρ) and the grid of scikit-learn's `_alpha_grid`.
    func alphas(_ grid: AlphaGrid, l1Ratio: Double) throws -> [Double] {
        switch grid {
        case let .values(values):
            guard !values.isEmpty else {
                throw LinearModelError.invalidParameter(name: "alphas", value: 0, requirement: "at least one α is needed")
            }
            for a in values { try RegressionInput.require("alpha", a, "penalties must be ≥ 0") { $0 >= 0 } }
            return values.sorted(by: >)
        case let .automatic(count, ratio):
            guard count >= 1 else {
                throw LinearModelError.invalidParameter(name: "alpha count", value: Double(count), requirement: "at least one α is needed")
            }
            try RegressionInput.require("alpha ratio", ratio, "the grid ratio α_min/α_max must be in (0, 1]") { $0 > 0 && $0 <= 1 }
            try RegressionInput.require("l1Ratio", l1Ratio, "an automatic α grid needs an L1 penalty (l1Ratio > 0)") { $0 > 0 }
            let top = correlationsAtZero().reduce(0) { Swift.max($0, Swift.abs($1)) } / (Double(sampleCount) * l1Ratio)
            // NumPy's float64 resolution (1e-15): scikit-learn's floor for a zero α_max.
            if top <= 1e-15 { return [Double](repeating: 1e-15, count: count) }
            if count == 1 { return [top] }
            // np.geomspace: exp of evenly spaced logs, with the end points exact.
            let (a, b) = (Foundation.log(top), Foundation.log(top * ratio))
            return (0..<count).map { k in
                k == 0 ? top : (k == count - 1 ? top * ratio : Foundation.exp(a + (b - a) * Double(k) / Double(count - 1)))
            }
        }
    }

    /// Solves at one α from the coefficients in `w` (a warm start), updating them in place.
    func solve(_ w: inout [Double], alpha: Double, l1Ratio: Double, solver: ElasticNetSolver, tolerance: Double,
               maxIterations: Int, screening: Bool) throws -> (Termination, CoordinateDescentOutcome) {
        let n = Double(sampleCount)
        let (l1, l2) = (alpha * l1Ratio * n, alpha * (1 - l1Ratio) * n)
        if solver == .fista {
            guard let centered = denseCentered else { preconditionFailure("ElasticNetProblem: FISTA needs the dense centred data") }
            return try ElasticNetFISTA.solve(&w, centered: centered, data: denseData!, l1: l1, l2: l2,
                                             tolerance: tolerance, maxIterations: maxIterations)
        }
        let outcome: CoordinateDescentOutcome = w.withUnsafeMutableBufferPointer { wp in
            if solver == .workingSets {
                switch storage {
                case .dense(var data):
                    return WorkingSetCoordinateDescent.solve(&data, coefficients: wp, l1: l1, l2: l2, tolerance: tolerance,
                                                             maxIterations: maxIterations)
                case .gram(var data):
                    return WorkingSetCoordinateDescent.solve(&data, coefficients: wp, l1: l1, l2: l2, tolerance: tolerance,
                                                             maxIterations: maxIterations)
                case .sparse(var data):
                    return WorkingSetCoordinateDescent.solve(&data, coefficients: wp, l1: l1, l2: l2, tolerance: tolerance,
                                                             maxIterations: maxIterations)
                }
            }
            switch storage {
            case .dense(var data):
                return CoordinateDescent.solve(&data, coefficients: wp, l1: l1, l2: l2, tolerance: tolerance,
                                               maxIterations: maxIterations, screening: screening)
            case .gram(var data):
                return CoordinateDescent.solve(&data, coefficients: wp, l1: l1, l2: l2, tolerance: tolerance,
                                               maxIterations: maxIterations, screening: screening)
            case .sparse(var data):
                return CoordinateDescent.solve(&data, coefficients: wp, l1: l1, l2: l2, tolerance: tolerance,
                                               maxIterations: maxIterations, screening: screening)
            }
        }
        let termination: Termination
        if !w.allSatisfy({ $0.isFinite }) || !outcome.gap.isFinite {
            termination = .nonFiniteValue
        } else {
            termination = outcome.converged ? .convergedDualityGap : .iterationLimit
        }
        return (termination, outcome)
    }

    var denseData: DenseCoordinateData? {
        if case .dense(let data) = storage { return data }
        return nil
    }

    func solverName(_ solver: ElasticNetSolver) -> String {
        let layout: String
        switch storage {
        case .dense: layout = ""
        case .gram: layout = " (gram)"
        case .sparse: layout = " (sparse)"
        }
        switch solver {
        case .fista: return "fista"
        case .coordinateDescent: return "coordinate descent" + layout
        case .workingSets: return "working-set coordinate descent" + layout
        }
    }

    /// The fitted model for coefficients w at α.
    func model(_ w: [Double], alpha: Double, solver: ElasticNetSolver, termination: Termination,
               outcome: CoordinateDescentOutcome, columnNames: [String]?) -> FittedLinearModel {
        let coefficients = Tensor(w)
        let n = Double(sampleCount)
        return FittedLinearModel(coefficients: coefficients, intercept: yOffset - dot(xOffset, coefficients),
                                 columnNames: columnNames, alpha: alpha,
                                 solver: solverName(solver), termination: termination,
                                 iterations: outcome.iterations, dualityGap: outcome.gap / n,
                                 dualityGapTolerance: outcome.tolerance / n)
    }
}
