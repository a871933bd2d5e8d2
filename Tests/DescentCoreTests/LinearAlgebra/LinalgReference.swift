import DescentCore
import Foundation
import _TestSupport

/// The NumPy/SciPy reference values of `Tools/references/linalg.py`
/// (`Tests/DescentCoreTests/References/linalg.json`), loaded once.
enum LinalgReference {
    static let data: ReferenceData = {
        // The JSON sits in the References folder of the test target, one level above this file.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("References").appendingPathComponent("linalg.json")
        do {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            return ReferenceData(object: object)
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    static var square: [ReferenceData] { data.cases("square") }
    static var rectangular: [ReferenceData] { data.cases("rectangular") }
    /// Case names, for parameterized tests (readable in test output, unlike the whole case).
    static var squareNames: [String] { square.map(\.name) }
    static var rectangularNames: [String] { rectangular.map(\.name) }
    static func square(_ name: String) -> ReferenceData { square.first { $0.string("name") == name }! }
    static func rectangular(_ name: String) -> ReferenceData { rectangular.first { $0.string("name") == name }! }
}

extension ReferenceData {
    /// A tensor stored flat under `key` with its shape under `key_shape` (so empty ones round-trip).
    func matrix(_ key: String) -> Tensor {
        let shape = doubles(key + "_shape").map { Int($0) }
        let flat = (object[key] as? [Any] ?? []).map { ReferenceData.number($0, key) }
        return Tensor(shape: shape, scalars: flat)
    }

    static func number(_ value: Any, _ key: String) -> Double {
        ReferenceData(object: ["v": value]).double("v")
    }

    var name: String { string("name") }
}

/// Tolerances shared by the linear-algebra tests, each with its reason.
enum Tolerance {
    static let eps = Double.ulpOfOne

    /// Backward error of a stable LAPACK factorization: ‖A − reconstructed‖ ≲ c·n·ε·‖A‖; we allow
    /// c = 50, far below what a wrong factor would give (O(‖A‖)).
    static func backward(_ a: Tensor) -> Double {
        50 * Double(Swift.max(a.rows, a.columns, 1)) * eps * Swift.max(a.norm(.frobenius), 1)
    }

    /// Forward error of a solution or inverse: ‖x − x̂‖ ≲ κ·ε·‖x‖; 100·κ·ε covers the constant in
    /// both our and NumPy's computation, as an absolute tolerance scaled by ‖x‖∞.
    static func forward(condition: Double, scale: Double) -> Double {
        Swift.max(100 * condition * eps, 1e-13) * Swift.max(scale, 1e-300)
    }
}
