import DescentAutodiff
import DescentCore
import DescentFuzzSupport

// The expression language end to end, as `descent grad/hessian --expr` uses it: the input is the
// text. When it parses, it is evaluated at a point with and without the finiteness check, on vectors
// that reach every path of the C element-wise kernels (vector tails, |x| ≥ 512, ±∞, NaN, subnormals),
// differentiated once, and for up to six variables twice (batched Hessian sweeps). Errors must be
// `ExpressionError`s with a message; nothing may trap.

/// Scalar values for the variables, in order of first appearance (cycled).
private let point: [Double] = [0.75, -1.5, 2.0, 0.25, -3.0, 1.0, 0.5]

/// Vector values: 19 elements (two AVX-512 vectors and a masked tail), rotated per variable.
private let vectorValues: [Double] = [-800, -30, -1, -0.5, -0.0, 0, .leastNormalMagnitude / 8, 0.5, 1, 2.5, 30, 511.9, 512, 700, 710,
                                      .nan, .infinity, -.infinity, 1e300]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
    let expression: MathExpression
    do {
        expression = try MathExpression(parsing: text)
    } catch let error as ExpressionError {
        _ = error.description
        return 0
    } catch {
        fuzzRequire(false, "parsing threw \(error), not an ExpressionError")
        return 0
    }
    let names = expression.variables
    let x = names.indices.map { point[$0 % point.count] }
    let values = Dictionary(uniqueKeysWithValues: zip(names, x))

    // The finiteness check stops at the first non-finite node; otherwise it changes nothing.
    let plain = try! expression.evaluate(at: values)
    do {
        let checked = try expression.evaluate(at: values, checkingFinite: true)
        fuzzRequire(checked.bitPattern == plain.bitPattern, "checked value \(checked) differs from \(plain)")
    } catch let error as ExpressionError {
        guard case .nonFinite = error else { fuzzRequire(false, "evaluation threw \(error)"); return 0 }
        _ = error.description
    } catch {
        fuzzRequire(false, "evaluation threw \(error), not an ExpressionError")
    }
    if !plain.isFinite {
        fuzzRequire((try? expression.evaluate(at: values, checkingFinite: true)) == nil,
                    "the value \(plain) is not finite but the checked evaluation did not throw")
    }

    // Vectors (broadcasting, the element-wise kernels) and the gradient of their sum.
    let vectors = names.indices.map { i in
        Tensor((0..<vectorValues.count).map { vectorValues[($0 + i) % vectorValues.count] })
    }
    _ = gradients(of: { variables in
        try! expression.evaluate(Dictionary(uniqueKeysWithValues: zip(names, variables))).sum()
    }, at: vectors)

    // As a function of one vector: gradient, and the Hessian for a few variables.
    let f = try! expression.function(of: names)
    _ = gradient(of: f, at: Tensor(x))
    if names.count <= 6 {
        _ = hessian(of: f, at: Tensor(x))
    }
    return 0
}
