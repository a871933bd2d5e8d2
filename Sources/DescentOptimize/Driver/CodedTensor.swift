import DescentCore

/// A tensor as saved states encode it: `{"shape": […], "scalars": […]}`.
///
/// `Tensor` itself is not `Codable` (it lives in DescentCore, which has no serialization policy);
/// the resumable states of this module encode their tensors through this wrapper. `Double`'s own
/// `Codable` writes the shortest decimal that reads back to the same bits, so a round trip is exact.
struct CodedTensor: Codable {
    var shape: [Int]
    var scalars: [Double]

    init(_ tensor: Tensor) {
        shape = tensor.shape
        scalars = tensor.scalars
    }

    /// Reads a tensor, rejecting a shape its scalars do not fill (a `Tensor` precondition otherwise).
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        shape = try container.decode([Int].self, forKey: .shape)
        scalars = try container.decode([Double].self, forKey: .scalars)
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == scalars.count else {
            throw DecodingError.dataCorruptedError(forKey: .scalars, in: container,
                                                   debugDescription: "\(scalars.count) scalars cannot fill shape \(shape)")
        }
    }

    var tensor: Tensor { Tensor(shape: shape, scalars: scalars) }
}

extension KeyedDecodingContainer {
    /// The tensor saved under `key` by `encode(tensor:forKey:)`.
    func decodeTensor(forKey key: Key) throws -> Tensor { try decode(CodedTensor.self, forKey: key).tensor }
    /// The tensors saved under `key`.
    func decodeTensors(forKey key: Key) throws -> [Tensor] { try decode([CodedTensor].self, forKey: key).map(\.tensor) }
    /// The tensor saved under `key`, or nil when the key is absent or null.
    func decodeTensorIfPresent(forKey key: Key) throws -> Tensor? {
        try decodeIfPresent(CodedTensor.self, forKey: key)?.tensor
    }
}

extension KeyedEncodingContainer {
    /// Saves a tensor as `{"shape": […], "scalars": […]}`.
    mutating func encode(tensor: Tensor, forKey key: Key) throws { try encode(CodedTensor(tensor), forKey: key) }
    /// Saves tensors as an array of `{"shape", "scalars"}` objects.
    mutating func encode(tensors: [Tensor], forKey key: Key) throws { try encode(tensors.map(CodedTensor.init), forKey: key) }
    /// Saves a tensor, or nothing when it is nil.
    mutating func encodeIfPresent(tensor: Tensor?, forKey key: Key) throws {
        try encodeIfPresent(tensor.map(CodedTensor.init), forKey: key)
    }
}
