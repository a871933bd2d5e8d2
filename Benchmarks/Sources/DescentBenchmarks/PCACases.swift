import Descent
import Foundation

// Principal component analysis (DescentLearn) against scikit-learn's PCA on the same 10⁴ × 500
// data, 20 components: the full SVD (svd_solver="full") and the randomized sketch
// (svd_solver="randomized": 10 extra samples, 7 power iterations by the same rule on both sides).
// The peer is peers/sklearn_pca_peer.py. The check is the sum of the 20 explained variances; the
// randomized sketches of the two sides agree with the exact sum to ~1e-9 relative, so the table's
// "results agree" column (1e-6) holds for every row.

/// The data: 10⁴ samples of 500 features with a decaying spectrum — X = Z·diag(s)·Q with
/// Z ~ N(0, 1), sⱼ = e^(−j/15) + 0.01 (a noise floor) and Q a random orthogonal 500 × 500 rotation — so the leading
/// components are well separated, as in real data, and no axis lines up with a column.
func pcaBenchmarkMatrix() -> Tensor {
    var generator = SeededGenerator(seed: 18_000)
    let z = Tensor.randomNormal([10_000, 500], using: &generator)
    let scales = Tensor((0..<500).map { Foundation.exp(-Double($0) / 15) + 0.01 })
    let rotation = try! QR(Tensor.randomNormal([500, 500], using: &generator)).q
    return matmul(z * scales, rotation)
}

func pcaCase(_ method: PCA.Method) -> @Sendable (BenchmarkData, Int, Int) -> Timing {
    { data, repeats, warmup in
        let x = data.tensor("pca_x", shape: [10_000, 500])
        return timed(repeats, warmup, { try! PCA(components: 20, method: method).fit(x) },
                     check: { $0.explainedVariance.sum() })
    }
}

let pcaCases: [BenchmarkCase] = [
    BenchmarkCase(name: "pca_full_1e4x500", peer: "sklearn PCA(n_components=20, svd_solver=\"full\")", run: pcaCase(.full)),
    BenchmarkCase(name: "pca_randomized_1e4x500", peer: "sklearn PCA(n_components=20, svd_solver=\"randomized\")",
                  run: pcaCase(.randomized())),
]
