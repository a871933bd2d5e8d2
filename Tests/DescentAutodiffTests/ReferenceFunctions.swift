import DescentAutodiff
import DescentCore
import _TestSupport

/// The Swift twins of the functions in Tools/references/autodiff.py (same names, same formulas);
/// their constant data comes from the JSON, so no random-number parity with NumPy is needed.
struct ReferenceFunctions {
    let data: ReferenceData

    func c(_ key: String) -> Tensor { data.tensor(key) }

    /// The scalar function named `name`, of a flat parameter vector.
    func scalar(_ name: String) -> (Variable) -> Variable {
        switch name {
        case "exp_log_sqrt":
            return { x in (exp(0.5 * x) + log(x * x + 1) + sqrt(x * x + 2)).sum() }
        case "trig":
            return { x in (sin(x) * cos(2 * x) + tan(0.3 * x) + atan(x)).sum() + atan2(x, x * x + 1).sum() }
        case "powers":
            return { x in pow(x * x + 1, 1.5).sum() + pow(x, 3).sum() / 3 + pow(x * x + 1, 0.5 * x).sum() }
        case "division":
            return { x in (x / (x * x + 2)).sum() + (1 / (2 + cos(x))).sum() - (3 - x / 4).sum() }
        case "activations":
            return { x in
                (sigmoid(x) * tanh(x)).sum() + softplus(2 * x).sum() + gelu(x).sum() + pow(relu(x), 2).sum()
                    + (leakyRelu(x, negativeSlope: 0.1) * x).sum() + (erf(x) * x).sum()
            }
        case "reductions":
            return { x in
                x.logSumExp() + (x * x).mean() + x.norm(.two) + abs(x).sum() + pow(x.squaredNorm(), 2) + x.norm(.infinity)
            }
        case "min_max_clamp":
            return { x in
                (maximum(x, 0.3 * x * x) + minimum(x, cos(x))).sum() + pow(clamp(x, -0.5, 0.5), 2).sum()
                    + (maximum(x, 0.1) * x).sum()
            }
        case "broadcasting":
            let (row, col) = (c("row"), c("col"))
            return { x in
                let m = x.reshaped([2, 3])
                let a = (pow(m * row + col, 2) / (1 + m * m)).sum() + pow(m.mean(alongAxis: 0), 2).sum()
                let b = pow(m.sum(alongAxis: 1), 3).sum() + pow(m.logSumExp(alongAxis: 1), 2).sum()
                return a + b + ((m + x.slice(0..<3).sum()) * m.transposed.reshaped([2, 3])).sum()
            }
        case "slicing":
            let w5 = c("w5").scalars
            let w6 = Tensor(w5 + [w5[0]])
            return { x in
                let joined = Variable.concatenate([x.slice(0..<3), 2 * x.slice(2..<5)])
                let stacked = Variable.concatenate([x.reshaped([1, 5]), pow(x.reshaped([1, 5]), 2)], axis: 0)
                return (pow(joined, 2) * w6).sum() + x[1] * pow(x[4], 2)
                    + pow(stacked.slice(rows: 0..<2, columns: 1..<4), 3).sum()
            }
        case "softmax_cross_entropy":
            let (labels, w6) = (c("labels"), Tensor(Array(c("w8").scalars[0..<6])))
            return { x in softmaxCrossEntropy(logits: x.reshaped([2, 3]), labels: labels) + (softmax(x) * w6).sum() }
        case "logistic_loss":
            let (xs, y) = (Variable(c("X")), c("y01"))
            return { theta in binaryCrossEntropy(logits: matmul(xs, theta), labels: y) }
        case "mse_linear":
            let (xs, t) = (Variable(c("X")), c("t"))
            return { p in meanSquaredError(predictions: matmul(xs, p.slice(0..<3)) + p[3], targets: t) }
        case "mlp_tanh":
            let (xs, y) = (Variable(c("Xmlp")), c("ymlp"))
            return { p in
                let w1 = p.slice(0..<12).reshaped([4, 3]), b1 = p.slice(12..<15), w2 = p.slice(15..<18)
                return meanSquaredError(predictions: matmul(tanh(matmul(xs, w1) + b1), w2), targets: y)
            }
        case "log_det_inverse":
            return { p in
                let m = p.reshaped([3, 3]) + 3 * Tensor.identity(3)
                return logAbsDeterminant(m) + 0.1 * pow(inverse(m), 2).sum()
            }
        case "matmul_chain":
            let (l, r) = (Variable(c("L")), Variable(c("R")))
            return { p in
                let m = p.reshaped([3, 4])
                return pow(matmul(matmul(l, m), r), 2).sum() + tanh(matmul(m, m, transposeA: true)).sum()
                    + matmul(matmul(l, sin(m)), r.column(0)).sum()
            }
        default:
            fatalError("no Swift twin for reference function \(name)")
        }
    }

    /// The vector-valued function named `name`.
    func vector(_ name: String) -> (Variable) -> Variable {
        switch name {
        case "wide":
            let (a, b) = (Variable(c("A")), Variable(c("B")))
            return { x in tanh(matmul(a, x)) + pow(matmul(b, x), 2) }
        case "tall":
            let (cc, d) = (Variable(c("C")), Variable(c("D")))
            return { x in sin(matmul(cc, x)) * matmul(d, x) + exp(x[0]) }
        case "softmax":
            return { x in softmax(x) }
        default:
            fatalError("no Swift twin for reference function \(name)")
        }
    }
}
