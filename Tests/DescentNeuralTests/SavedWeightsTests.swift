import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentNeural

/// Saving and loading weights: bit-exact round trips, and a clear one-line error for every way a
/// file can be wrong.
@Suite("Saved weights")
struct SavedWeightsTests {
    static let net = try! Sequential([Dense(3), Activation(.tanh), LayerNorm(), Dense(2, bias: false)], inputFeatures: 4)

    @Test("save then load gives θ back bit for bit, through a file")
    func roundTrip() throws {
        var theta = Self.net.initialParameters(seed: 9)
        theta = theta * 1.0000001 + 1e-300  // values with full 53-bit mantissas and a subnormal-sized offset
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("descent-weights-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SavedWeights.save(theta, network: Self.net, loss: .meanSquaredError, to: path)
        #expect(try SavedWeights.load(from: path, network: Self.net) == theta)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"format\": \"descent-weights\"") && text.contains("\"version\": 1"))
        #expect(text.contains("\"name\": \"2.layer_norm.gain\", \"shape\": [3]"))
    }

    @Test("another architecture, a corrupt file, an unknown version: each names the problem")
    func errors() throws {
        let theta = Self.net.initialParameters(seed: 9)
        let text = SavedWeights.encode(theta, network: Self.net)
        let other = try Sequential([Dense(5), Activation(.tanh), LayerNorm(), Dense(2, bias: false)], inputFeatures: 4)
        #expect(throws: NeuralNetworkError.architectureMismatch(
            "the file has \(Self.net.description), the network is \(other.description)")) {
            try SavedWeights.decode(text, network: other)
        }
        #expect(throws: NeuralNetworkError.corruptWeights("not a JSON object")) { try SavedWeights.decode(String(text.prefix(200)), network: Self.net) }
        #expect(throws: NeuralNetworkError.corruptWeights("version 2 is not supported (this build reads version 1)")) {
            try SavedWeights.decode(text.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2"), network: Self.net)
        }
        let broken = text.replacingOccurrences(of: "\"values\": [\"", with: "\"values\": [\"zz")
        #expect(throws: NeuralNetworkError.corruptWeights("value 0 of 0.dense.weight is not a finite hexadecimal float")) {
            try SavedWeights.decode(broken, network: Self.net)
        }
        let reshaped = text.replacingOccurrences(of: "\"shape\": [3, 4]", with: "\"shape\": [4, 3]")
        #expect(throws: NeuralNetworkError.architectureMismatch("0.dense.weight has shape [4, 3] in the file, the network needs [3, 4]")) {
            try SavedWeights.decode(reshaped, network: Self.net)
        }
        #expect(throws: NeuralNetworkError.corruptWeights("cannot read /nonexistent/w.json")) {
            try SavedWeights.load(from: "/nonexistent/w.json", network: Self.net)
        }
    }
}
