/// Bad data or settings given to a classifier or a classification metric (the second kind of
/// failure in ARCHITECTURE.md): each case says what is wrong and where, in one line.
public enum ClassificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An input holds NaN or ±∞: `input` names it (`x`, `y`, `sample weights`, …), `row` and
    /// `column` locate the entry (`column` is nil for a vector).
    case nonFinite(input: String, row: Int, column: Int?, value: Double)
    /// Two inputs that must agree in length or width do not; both shapes are given.
    case shapeMismatch(first: String, firstShape: [Int], second: String, secondShape: [Int])
    /// A binary classifier's label is neither 0 nor 1.
    case labelNotBinary(value: Double, row: Int)
    /// A class label that is not a finite whole number (multinomial labels name classes).
    case labelNotWhole(value: Double, row: Int)
    /// A label given to a metric is not among the classes of the predictions.
    case labelNotInClasses(value: Double, row: Int, classes: [Double])
    /// Every label (with positive weight) is the same class: there is nothing to separate.
    case singleClass(label: Double)
    /// A sample weight is negative, or every weight is zero.
    case invalidSampleWeight(value: Double, row: Int)
    /// There are no rows to fit.
    case noSamples
    /// A setting is out of its domain (C ≤ 0, an l1 ratio outside [0, 1], a tolerance ≤ 0, …).
    case invalidParameter(name: String, value: Double, requirement: String)
    /// A solver cannot handle the chosen penalty (the Newton and L-BFGS solvers need a smooth
    /// objective: L2 or none).
    case unsupportedSolver(solver: String, penalty: String)
    /// Without a penalty the classes are perfectly separated by the hyperplane found at
    /// `iteration`: every training row lies strictly on its own side, so the likelihood keeps
    /// growing as the coefficients are scaled up and no maximum-likelihood estimate exists.
    case perfectSeparation(iteration: Int)
    /// Without a penalty the fitted hyperplane puts every row on its own side or on the
    /// hyperplane itself (`boundaryRows` of them, up to rounding): quasi-complete separation, so
    /// the likelihood still grows along w and no maximum-likelihood estimate exists.
    case quasiCompleteSeparation(boundaryRows: Int)
    /// Without a penalty the fit did not converge and `rows` training rows are classified with a
    /// probability that rounds to exactly 1 (margin above 36.8): the coefficients grow without bound.
    case saturatedProbabilities(rows: Int)
    /// A model fitted to `expected` columns was given data with `got` columns.
    case featureCountMismatch(expected: Int, got: Int)
    /// A probability given to a metric is outside [0, 1].
    case probabilityOutOfRange(value: Double, row: Int)

    /// The one-line message.
    public var description: String {
        switch self {
        case let .nonFinite(input, row, column, value):
            let place = column.map { "row \(row), column \($0)" } ?? "row \(row)"
            return "\(input) holds \(value) at \(place); every value must be finite"
        case let .shapeMismatch(first, firstShape, second, secondShape):
            return "\(first) has shape \(firstShape) but \(second) has shape \(secondShape)"
        case let .labelNotBinary(value, row):
            return "label \(value) at row \(row) is not 0 or 1 (binary logistic regression needs labels in {0, 1})"
        case let .labelNotWhole(value, row):
            return "label \(value) at row \(row) is not a whole number (class labels must be integers)"
        case let .labelNotInClasses(value, row, classes):
            return "label \(value) at row \(row) is not one of the classes \(classes)"
        case let .singleClass(label):
            return "every label is \(label): at least two classes are needed to fit a classifier"
        case let .invalidSampleWeight(value, row):
            return row < 0 ? "the sample weights sum to \(value); at least one must be positive"
                           : "sample weight \(value) at row \(row) is negative"
        case .noSamples:
            return "there are no rows to fit"
        case let .invalidParameter(name, value, requirement):
            return "\(name) = \(value) is invalid: it must be \(requirement)"
        case let .unsupportedSolver(solver, penalty):
            return "the \(solver) solver does not support the \(penalty) penalty"
        case let .perfectSeparation(iteration):
            return "the classes are perfectly separable (a separating hyperplane was found at iteration \(iteration)): without a penalty no maximum-likelihood estimate exists; use an L2 or L1 penalty"
        case let .quasiCompleteSeparation(boundaryRows):
            return "the classes are quasi-completely separated (a hyperplane separates them except for \(boundaryRows) rows lying on it): without a penalty no maximum-likelihood estimate exists; use an L2 or L1 penalty"
        case let .saturatedProbabilities(rows):
            return "the fit did not converge and \(rows) rows have probability 1 to machine precision: without a penalty the coefficients grow without bound; use an L2 or L1 penalty"
        case let .featureCountMismatch(expected, got):
            return "the model was fitted to \(expected) columns but the data have \(got)"
        case let .probabilityOutOfRange(value, row):
            return "probability \(value) at row \(row) is outside [0, 1]"
        }
    }
}
