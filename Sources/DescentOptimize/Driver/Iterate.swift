import DescentCore

/// One point of an optimization run with what is known there: x, f(x) and ∇f(x).
///
/// For composite objectives f + g (proximal methods) `value` is the full objective f(x) + g(x) and
/// `gradient` is ∇f(x) of the smooth part.
public struct Iterate: Sendable {
    /// The point x.
    public var x: Tensor
    /// The objective value at x.
    public var value: Double
    /// The gradient at x (of the smooth part for composite objectives).
    public var gradient: Tensor

    /// An iterate from its point, value and gradient.
    public init(x: Tensor, value: Double, gradient: Tensor) {
        self.x = x
        self.value = value
        self.gradient = gradient
    }
}

extension Iterate: Equatable {}

extension Iterate: Codable {
    private enum CodingKeys: String, CodingKey { case x, value, gradient }

    /// Reads an iterate saved by `encode(to:)`; x and ∇f must have the same number of entries.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let x = try container.decodeTensor(forKey: .x)
        let gradient = try container.decodeTensor(forKey: .gradient)
        guard gradient.count == x.count else {
            throw DecodingError.dataCorruptedError(forKey: .gradient, in: container,
                                                   debugDescription: "a gradient of \(gradient.count) entries at a point of \(x.count)")
        }
        self.init(x: x, value: try container.decode(Double.self, forKey: .value), gradient: gradient)
    }

    /// Saves x and ∇f as `{"shape", "scalars"}` objects and f as a number (every bit kept).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tensor: x, forKey: .x)
        try container.encode(value, forKey: .value)
        try container.encode(tensor: gradient, forKey: .gradient)
    }
}
