import DescentAutodiff
import DescentCore
import Testing
import _TestSupport

/// Gradients, Hessian–vector products, Hessians, JVPs, VJPs and Jacobians of a battery of
/// functions against JAX (64-bit), plus finite-difference checks of the same functions.
@Suite("Derivatives agree with JAX")
struct JAXReferenceTests {
    static let reference = try! ReferenceData.load("autodiff")
    static let functions = ReferenceFunctions(data: reference["data"])
    static let scalarNames = reference.cases("scalar_cases").map { $0.string("name") }
    static let vectorNames = reference.cases("vector_cases").map { $0.string("name") }

    static func scalarCase(_ name: String) -> ReferenceData {
        reference.cases("scalar_cases").first { $0.string("name") == name }!
    }

    static func vectorCase(_ name: String) -> ReferenceData {
        reference.cases("vector_cases").first { $0.string("name") == name }!
    }

    // Same formulas, possibly evaluated in a different order (and JAX fuses some): rounding
    // differences of a few ulps, amplified by cancellation in sums of O(1..100) terms, stay far
    // below 1e-10 relative; atol 1e-12 covers entries that are zero up to rounding.
    static let rtol = 1e-10, atol = 1e-12
    static let why = "same formulas as JAX, rounding differs by a few ulps"

    @Test("value and gradient", arguments: scalarNames)
    func gradientMatchesJAX(name: String) {
        let c = Self.scalarCase(name)
        let f = Self.functions.scalar(name)
        let (value, g) = valueAndGradient(of: f, at: c.tensor("x"))
        expectClose(value, c.double("value"), rtol: Self.rtol, atol: Self.atol, Self.why)
        expectClose(g, c.tensor("gradient"), rtol: Self.rtol, atol: Self.atol, Self.why)
    }

    @Test("Hessian-vector product and Hessian", arguments: scalarNames)
    func secondOrderMatchesJAX(name: String) {
        let c = Self.scalarCase(name)
        let f = Self.functions.scalar(name)
        let x = c.tensor("x")
        expectClose(hessianVectorProduct(of: f, at: x, direction: c.tensor("v")), c.tensor("hvp"),
                    rtol: Self.rtol, atol: Self.atol, Self.why)
        let (_, g, h) = valueGradientAndHessian(of: f, at: x)
        expectClose(g, c.tensor("gradient"), rtol: Self.rtol, atol: Self.atol, Self.why)
        expectClose(h, c.tensor("hessian"), rtol: Self.rtol, atol: Self.atol, Self.why)
    }

    @Test("gradient agrees with central and forward differences", arguments: scalarNames)
    func gradientMatchesFiniteDifferences(name: String) {
        let c = Self.scalarCase(name)
        let f = Self.functions.scalar(name)
        let central = checkGradient(of: f, at: c.tensor("x"), scheme: .central)
        // Central differences: truncation ~h²|f‴| with h = ε^(1/3) ≈ 6e-6, rounding ~ε|f|/h;
        // both ≈ 1e-10 for these O(1..100) functions, so 1e-7 leaves a wide margin.
        #expect(central.maxRelativeError < 1e-7, "central error \(central.maxRelativeError) at \(String(describing: central.worstIndex))")
        let forward = checkGradient(of: f, at: c.tensor("x"), scheme: .forward)
        // Forward differences: truncation ~h|f″|/2 with h = √ε ≈ 1.5e-8, so errors near 1e-7.
        #expect(forward.maxRelativeError < 1e-5, "forward error \(forward.maxRelativeError)")
    }

    @Test("Hessian-vector product agrees with central differences of the gradient", arguments: scalarNames)
    func hvpMatchesFiniteDifferences(name: String) {
        let c = Self.scalarCase(name)
        let f = Self.functions.scalar(name)
        let (x, v) = (c.tensor("x"), c.tensor("v"))
        let h = FiniteDifferenceScheme.central.step(at: 1)
        let fd = (gradient(of: f, at: x + h * v) - gradient(of: f, at: x - h * v)) / (2 * h)
        // Central difference of an exact gradient: error ~h²‖∇³f‖ + ε‖∇f‖/h ≈ 1e-10·scale.
        expectClose(hessianVectorProduct(of: f, at: x, direction: v), fd, rtol: 1e-6, atol: 1e-6,
                    "central difference of the gradient, accurate to ~ε^(2/3)·scale")
    }

    @Test("JVP, VJP and Jacobian", arguments: vectorNames)
    func vectorFunctionsMatchJAX(name: String) {
        let c = Self.vectorCase(name)
        let f = Self.functions.vector(name)
        let x = c.tensor("x")
        let (value, jv) = jvp(of: f, at: x, direction: c.tensor("v"))
        expectClose(value, c.tensor("value"), rtol: Self.rtol, atol: Self.atol, Self.why)
        expectClose(jv, c.tensor("jvp"), rtol: Self.rtol, atol: Self.atol, Self.why)
        let (_, ju) = vjp(of: f, at: x, cotangent: c.tensor("u"))
        expectClose(ju, c.tensor("vjp"), rtol: Self.rtol, atol: Self.atol, Self.why)
        let j = jacobian(of: f, at: x)
        expectClose(j, c.tensor("jacobian"), rtol: Self.rtol, atol: Self.atol, Self.why)
        // Invariants: the products are the Jacobian applied either way.
        expectClose(matmul(j, c.tensor("v")), jv, rtol: 1e-12, atol: 1e-13, "same products, summed in another order")
        expectClose(matmul(j, c.tensor("u"), transposeA: true), ju, rtol: 1e-12, atol: 1e-13, "same products, summed in another order")
    }
}
