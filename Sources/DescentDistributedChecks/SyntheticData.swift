import DescentCore
import Foundation

/// A seeded logistic-regression problem (N rows, d features, labels 0/1 drawn from a logistic
/// model) and the rows each rank holds: contiguous blocks of uneven sizes, with rank 1 empty when
/// there are at least 3 ranks (so the checks cover a rank without rows).
struct SyntheticData {
    let x: Tensor
    let y: Tensor

    init(rows: Int = 203, features: Int = 5, seed: UInt64 = 13) {
        var generator = SeededGenerator(seed: seed)
        let truth = (0..<features).map { _ in Double.random(in: -2...2, using: &generator) }
        var xs: [Double] = [], ys: [Double] = []
        for _ in 0..<rows {
            let row = (0..<features).map { j in j == 0 ? 1 : Double.random(in: -1.5...1.5, using: &generator) }
            let z = zip(row, truth).reduce(0.0) { $0 + $1.0 * $1.1 }
            xs += row
            ys.append(Double.random(in: 0..<1, using: &generator) < 1 / (1 + (-z).exp) ? 1 : 0)
        }
        x = Tensor(shape: [rows, features], scalars: xs)
        y = Tensor(ys)
    }

    /// Rows [start, end) of rank r out of p.
    static func shard(rows: Int, rank: Int, size: Int) -> Range<Int> {
        let weights = (0..<size).map { $0 == 1 && size >= 3 ? 0 : $0 + 1 }
        let total = weights.reduce(0, +)
        let start = weights[..<rank].reduce(0, +) * rows / total
        let end = weights[...rank].reduce(0, +) * rows / total
        return start..<end
    }

    /// This rank's rows of x and y.
    func shard(rank: Int, size: Int) -> (x: Tensor, y: Tensor) {
        let range = SyntheticData.shard(rows: x.rows, rank: rank, size: size)
        return (x.gatherRows(Array(range)), y.gatherRows(Array(range)))
    }

    /// Σ_{i∈rows} (σ(xᵢᵀw) − yᵢ)xᵢ and Σ log(1 + e^{zᵢ}) − yᵢzᵢ, row by row.
    func logisticSums(_ w: Tensor, rows: [Int]) -> (gradient: Tensor, loss: Double) {
        let d = x.columns
        var gradient = [Double](repeating: 0, count: d)
        var loss = 0.0
        for i in rows {
            var z = 0.0
            for j in 0..<d { z += x.scalars[i * d + j] * w.scalars[j] }
            let p = 1 / (1 + (-z).exp)
            loss += max(z, 0) + (-abs(z)).exp.log1p - y.scalars[i] * z
            for j in 0..<d { gradient[j] += (p - y.scalars[i]) * x.scalars[i * d + j] }
        }
        return (Tensor(gradient), loss)
    }
}

private extension Double {
    var exp: Double { Foundation.exp(self) }
    var log1p: Double { Foundation.log1p(self) }
}
