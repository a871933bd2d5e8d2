import DescentCore
import Foundation

/// How a weight tensor is drawn at initialization, from the fans of a [output, input] weight
/// (fan_in = input, fan_out = output, as PyTorch's `torch.nn.init` computes them):
///
/// - `glorotUniform`: U(−a, a), a = √(6/(fan_in + fan_out)) (Glorot & Bengio 2010; `xavier_uniform_`)
/// - `glorotNormal`: N(0, σ²), σ = √(2/(fan_in + fan_out)) (`xavier_normal_`)
/// - `heUniform`: U(−a, a), a = √(6/fan_in) (He et al. 2015, gain √2; `kaiming_uniform_(nonlinearity="relu")`)
/// - `heNormal`: N(0, σ²), σ = √(2/fan_in) (`kaiming_normal_(nonlinearity="relu")`)
/// - `orthogonal`: Q of the QR factorization of a Gaussian matrix, signs fixed by diag(R) so the
///   distribution is Haar (Saxe et al. 2014; Mezzadri 2007; `orthogonal_`): orthonormal rows when
///   output ≤ input, orthonormal columns otherwise
/// - `zeros`: all zero
public enum Initializer: Sendable, Hashable {
    case glorotUniform, glorotNormal, heUniform, heNormal, orthogonal, zeros

    /// A tensor of `shape` ([output, input] for a matrix; a vector counts as fan_in = fan_out = its length).
    public func tensor(_ shape: [Int], generator: inout SeededGenerator) -> Tensor {
        let (fanOut, fanIn) = shape.count >= 2 ? (shape[0], shape.dropFirst().reduce(1, *)) : (shape.first ?? 1, shape.first ?? 1)
        switch self {
        case .glorotUniform:
            let a = (6 / Double(fanIn + fanOut)).squareRoot()
            return Tensor.randomUniform(shape, in: -a..<a, using: &generator)
        case .glorotNormal:
            return Tensor.randomNormal(shape, standardDeviation: (2 / Double(fanIn + fanOut)).squareRoot(), using: &generator)
        case .heUniform:
            let a = (6 / Double(fanIn)).squareRoot()
            return Tensor.randomUniform(shape, in: -a..<a, using: &generator)
        case .heNormal:
            return Tensor.randomNormal(shape, standardDeviation: (2 / Double(fanIn)).squareRoot(), using: &generator)
        case .orthogonal:
            return Self.orthogonal(rows: fanOut, columns: fanIn, generator: &generator).reshaped(shape)
        case .zeros:
            return Tensor.zeros(shape)
        }
    }

    /// An m × n matrix with orthonormal rows (m ≤ n) or columns (m > n): QR of a Gaussian
    /// max(m,n) × min(m,n) matrix, Q's columns multiplied by sign(Rᵢᵢ), transposed when m < n.
    static func orthogonal(rows m: Int, columns n: Int, generator: inout SeededGenerator) -> Tensor {
        let (tall, wide) = (Swift.max(m, n), Swift.min(m, n))
        let gaussian = Tensor.randomNormal([tall, wide], using: &generator)
        // A Gaussian matrix is finite and has full rank with probability one; QR cannot fail here.
        guard let qr = try? QR(gaussian) else { preconditionFailure("Initializer.orthogonal: QR of a finite Gaussian matrix failed") }
        let signs = (0..<wide).map { qr.r[$0, $0] < 0 ? -1.0 : 1.0 }
        let q = Tensor(shape: [tall, wide]) { index in qr.q.scalars[index] * signs[index % wide] }
        return m < n ? q.transposed : q
    }
}
