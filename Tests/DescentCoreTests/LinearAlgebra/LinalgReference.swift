import DescentCore
import Foundation
import _TestSupport

/// The NumPy/SciPy reference values of `Tools/references/linalg.py`
/// (`Tests/DescentCoreTests/References/linalg.json`), loaded once.
enum LinalgReference {
    static let data: ReferenceData = {
        do { return try ReferenceData.load("linalg") } catch { fatalError("\(error)") }
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
    /// A matrix stored flat under `key` with its shape under `key_shape` (see `ReferenceData.tensor`).
    func matrix(_ key: String) -> Tensor { tensor(key) }

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

    /// Relative error of quantities with condition number ≲ n·κ (the determinant, δdet/det ≈ tr(A⁻¹δA),
    /// log-determinants, the Cholesky factor) under a backward error ε‖A‖; a factor 10 for the
    /// constants, and κ ≥ 10 so well-conditioned cases keep a few ulps of slack.
    static func conditioned(n: Int, condition kappa: Double) -> Double {
        10 * Double(Swift.max(n, 1)) * Swift.max(kappa, 10) * eps
    }

    /// Forward error of a solution or inverse: ‖x − x̂‖ ≲ κ·ε·‖x‖; 100·κ·ε covers the constant in
    /// both our and NumPy's computation, as an absolute tolerance scaled by ‖x‖∞.
    static func forward(condition: Double, scale: Double) -> Double {
        Swift.max(100 * condition * eps, 1e-13) * Swift.max(scale, 1e-300)
    }
}
