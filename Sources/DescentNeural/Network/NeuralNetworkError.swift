/// What can go wrong building, training, saving or loading a network from bad input; each message
/// is one line naming the offending size, label, epoch or field.
public enum NeuralNetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A layer was asked for an impossible size (0 or negative units, features, vocabulary).
    case invalidSize(layer: String, what: String, size: Int)
    /// An input or target whose shape does not fit the network.
    case shapeMismatch(String)
    /// Class labels that are not integers in 0..<classes.
    case invalidLabel(index: Int, value: Double, classes: Int)
    /// Classification with fewer than two classes present in the targets.
    case tooFewClasses(Int)
    /// A training option out of range (batch size 0, a validation fraction outside [0, 1)).
    case invalidOption(String)
    /// A weights file that is not valid (corrupt JSON, missing fields, wrong counts, unknown version).
    case corruptWeights(String)
    /// A weights file written for another architecture; the message names the first difference.
    case architectureMismatch(String)

    /// One line naming what is wrong.
    public var description: String {
        switch self {
        case let .invalidSize(layer, what, size):
            return "\(layer): \(what) must be at least 1, got \(size)"
        case let .shapeMismatch(message):
            return message
        case let .invalidLabel(index, value, classes):
            return "class label \(value) at row \(index) is not an integer in 0..<\(classes)"
        case let .tooFewClasses(count):
            return "classification needs at least 2 classes in the target, found \(count)"
        case let .invalidOption(message):
            return message
        case let .corruptWeights(message):
            return "corrupt weights file: \(message)"
        case let .architectureMismatch(message):
            return "weights file is for another architecture: \(message)"
        }
    }
}
