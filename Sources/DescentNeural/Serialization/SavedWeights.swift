import DescentCore
import Foundation

/// Saved network weights: a versioned JSON document that records the architecture with the
/// values, so a run can be resumed or compared, and a file is only ever loaded into the network
/// that wrote it.
///
/// Format "descent-weights", version 1 (one JSON object):
/// ```
/// {
///   "format": "descent-weights",
///   "version": 1,
///   "architecture": "Sequential(8 → Dense(16, bias: true) → Activation(tanh) → Dense(3, bias: true))",
///   "input_features": 8,
///   "output_features": 3,
///   "parameter_count": 195,
///   "loss": "softmax_cross_entropy",            (optional)
///   "tensors": [ { "name": "0.dense.weight", "shape": [16, 8], "values": ["0x1.2p-3", …] }, … ]
/// }
/// ```
/// Values are C99 hexadecimal floats (`%a`), row-major, so a save–load round trip is bit-exact.
/// Loading checks, in order: valid JSON, the format name and a known version, every field present
/// with the right type, the architecture string, each tensor's name, shape and count, and that
/// every value parses as a finite double; the first failure is a one-line `NeuralNetworkError`.
public enum SavedWeights {
    /// The format's name, written as `"format"`.
    public static let formatName = "descent-weights"
    /// The version this build writes and reads.
    public static let version = 1

    /// The JSON text of θ for `network` (with the loss it was trained with, if given).
    public static func encode(_ parameters: Tensor, network: Sequential, loss: NetworkLoss? = nil) -> String {
        precondition(parameters.shape == [network.parameterCount],
                     "SavedWeights.encode: θ of shape \(parameters.shape) for \(network.parameterCount) parameters")
        var lines = [
            "{",
            "  \"format\": \"\(formatName)\",",
            "  \"version\": \(version),",
            "  \"architecture\": \(JSONString.quoted(network.description)),",
            "  \"input_features\": \(network.inputFeatures),",
            "  \"output_features\": \(network.outputFeatures),",
            "  \"parameter_count\": \(network.parameterCount),",
        ]
        if let loss { lines.append("  \"loss\": \"\(loss.name)\",") }
        lines.append("  \"tensors\": [")
        let tensors = network.parameterLayout.unpack(parameters)
        for (k, (name, tensor)) in zip(network.parameterNames, tensors).enumerated() {
            let values = tensor.scalars.map { "\"\(String(format: "%a", $0))\"" }.joined(separator: ", ")
            let comma = k + 1 < tensors.count ? "," : ""
            lines.append("    {\"name\": \(JSONString.quoted(name)), \"shape\": \(tensor.shape), \"values\": [\(values)]}\(comma)")
        }
        lines += ["  ]", "}", ""]
        return lines.joined(separator: "\n")
    }

    /// Writes θ to `path` through `OutputFile` (created or replaced whole, never left half-written).
    /// - Throws: `OutputFileError` when the file cannot be written.
    public static func save(_ parameters: Tensor, network: Sequential, loss: NetworkLoss? = nil, to path: String) throws {
        try OutputFile.write(encode(parameters, network: network, loss: loss), to: path)
    }

    /// θ from the JSON text, checked against `network`.
    /// - Throws: `NeuralNetworkError.corruptWeights` (not the format, a missing or mistyped field, a
    ///   bad value) or `.architectureMismatch` (another architecture, naming the difference).
    public static func decode(_ text: String, network: Sequential) throws -> Tensor {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw NeuralNetworkError.corruptWeights("not a JSON object")
        }
        guard object["format"] as? String == formatName else {
            throw NeuralNetworkError.corruptWeights("the \"format\" field is not \"\(formatName)\"")
        }
        guard let fileVersion = object["version"] as? Int else { throw NeuralNetworkError.corruptWeights("no integer \"version\"") }
        guard fileVersion == version else {
            throw NeuralNetworkError.corruptWeights("version \(fileVersion) is not supported (this build reads version \(version))")
        }
        guard let architecture = object["architecture"] as? String else { throw NeuralNetworkError.corruptWeights("no \"architecture\" string") }
        guard architecture == network.description else {
            throw NeuralNetworkError.architectureMismatch("the file has \(architecture), the network is \(network.description)")
        }
        guard let tensors = object["tensors"] as? [[String: Any]] else { throw NeuralNetworkError.corruptWeights("no \"tensors\" list") }
        guard tensors.count == network.parameterNames.count else {
            throw NeuralNetworkError.architectureMismatch("the file has \(tensors.count) tensors, the network \(network.parameterNames.count)")
        }
        var scalars: [Double] = []
        scalars.reserveCapacity(network.parameterCount)
        for (entry, (name, shape)) in zip(tensors, zip(network.parameterNames, network.parameterLayout.shapes)) {
            guard let fileName = entry["name"] as? String, let fileShape = entry["shape"] as? [Int], let values = entry["values"] as? [Any] else {
                throw NeuralNetworkError.corruptWeights("tensor \(scalars.isEmpty ? 0 : scalars.count) lacks a name, shape or values")
            }
            guard fileName == name else { throw NeuralNetworkError.architectureMismatch("tensor \(fileName) where the network has \(name)") }
            guard fileShape == shape else {
                throw NeuralNetworkError.architectureMismatch("\(name) has shape \(fileShape) in the file, the network needs \(shape)")
            }
            guard values.count == shape.reduce(1, *) else {
                throw NeuralNetworkError.corruptWeights("\(name) has \(values.count) values for shape \(shape)")
            }
            for (i, value) in values.enumerated() {
                guard let text = value as? String, let x = Double(text), x.isFinite else {
                    throw NeuralNetworkError.corruptWeights("value \(i) of \(name) is not a finite hexadecimal float")
                }
                scalars.append(x)
            }
        }
        return Tensor(shape: [network.parameterCount], scalars: scalars)
    }

    /// θ read from `path` and checked against `network`.
    /// - Throws: `NeuralNetworkError.corruptWeights` also when the file cannot be read.
    public static func load(from path: String, network: Sequential) throws -> Tensor {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NeuralNetworkError.corruptWeights("cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw NeuralNetworkError.corruptWeights("\(path) is not UTF-8 text") }
        do {
            return try decode(text, network: network)
        } catch let NeuralNetworkError.corruptWeights(reason) {
            throw NeuralNetworkError.corruptWeights("\(path): \(reason)")   // say which file
        } catch let NeuralNetworkError.architectureMismatch(reason) {
            throw NeuralNetworkError.architectureMismatch("\(path): \(reason)")
        }
    }
}
