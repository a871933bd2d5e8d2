import DescentCore

/// The functions the expression language knows, each mapped to its differentiable operation.
public enum ExpressionFunction: String, CaseIterable, Sendable {
    /// eˣ, natural logarithm, square root.
    case exp, log, sqrt
    /// Trigonometric functions; `atan2(y, x)` is the angle of the point (x, y).
    case sin, cos, tan, atan, atan2
    /// Activations: tanh, logistic σ, log(1 + eˣ), max(x, 0) (derivative 0 at 0), exact GELU.
    case tanh, sigmoid, softplus, relu, gelu
    /// The error function.
    case erf
    /// |x| (derivative 1 at 0, as JAX), element-wise min/max of two arguments (½ each at ties), and
    /// `pow(a, b)` = aᵇ.
    case abs, min, max, pow

    /// The number of arguments.
    public var arity: Int {
        switch self {
        case .atan2, .min, .max, .pow: return 2
        default: return 1
        }
    }

    /// Applies the function to evaluated arguments.
    func apply(_ a: [Variable]) -> Variable {
        switch self {
        case .exp: return DescentAutodiff.exp(a[0])
        case .log: return DescentAutodiff.log(a[0])
        case .sqrt: return DescentAutodiff.sqrt(a[0])
        case .sin: return DescentAutodiff.sin(a[0])
        case .cos: return DescentAutodiff.cos(a[0])
        case .tan: return DescentAutodiff.tan(a[0])
        case .atan: return DescentAutodiff.atan(a[0])
        case .atan2: return DescentAutodiff.atan2(a[0], a[1])
        case .tanh: return DescentAutodiff.tanh(a[0])
        case .sigmoid: return DescentAutodiff.sigmoid(a[0])
        case .softplus: return DescentAutodiff.softplus(a[0])
        case .relu: return DescentAutodiff.relu(a[0])
        case .gelu: return DescentAutodiff.gelu(a[0])
        case .erf: return DescentAutodiff.erf(a[0])
        case .abs: return DescentAutodiff.abs(a[0])
        case .min: return DescentAutodiff.minimum(a[0], a[1])
        case .max: return DescentAutodiff.maximum(a[0], a[1])
        case .pow: return DescentAutodiff.pow(a[0], a[1])
        }
    }
}
