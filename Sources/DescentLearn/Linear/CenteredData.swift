import DescentCore

/// Dense X and y prepared the way scikit-learn's `_preprocess_data` does: with an intercept, each
/// column and y are centred on their (weighted) means, so the intercept drops out of the penalized
/// problem and is recovered as b = ȳ − x̄ᵀw; with sample weights sᵢ, row i of the centred X and y is
/// then multiplied by √sᵢ, so ‖√S(y − Xw)‖² becomes a plain sum of squares.
struct CenteredData {
    /// The centred (and √s-scaled) X, row-major `[n, d]`, or its transpose `[d, n]` (column by
    /// column, the layout of coordinate descent) when made with `transposed: true`.
    var x: Tensor
    /// The centred (and √s-scaled) y.
    var y: Tensor
    /// Column means x̄ (zeros without an intercept).
    var xOffset: Tensor
    /// ȳ (0 without an intercept).
    var yOffset: Double

    init(_ x: Tensor, _ y: Tensor, weights: Tensor?, fitIntercept: Bool, transposed: Bool = false) {
        let (n, d) = (x.shape[0], x.shape[1])
        var xs = x, ys = y
        if fitIntercept {
            let w = weights?.scalars
            let total = w.map { $0.reduce(0, +) } ?? Double(n)
            var means = [Double](repeating: 0, count: d)
            var yMean = 0.0
            x.scalars.withUnsafeBufferPointer { px in
                for i in 0..<n {
                    let s = w?[i] ?? 1
                    for j in 0..<d { means[j] += s * px[i * d + j] }
                    yMean += s * y.scalars[i]
                }
            }
            for j in 0..<d { means[j] /= total }
            yMean /= total
            if !transposed {
                xs.scalars.withUnsafeMutableBufferPointer { px in
                    for i in 0..<n { for j in 0..<d { px[i * d + j] -= means[j] } }
                }
            }
            ys = y - yMean
            xOffset = Tensor(means)
            yOffset = yMean
        } else {
            xOffset = Tensor.zeros([d])
            yOffset = 0
        }
        let root = weights?.scalars.map { $0.squareRoot() }
        if transposed {
            // One pass writes the centred, scaled transpose: no second n × d copy.
            let means = xOffset.scalars
            xs = Tensor(shape: [d, n], unsafeUninitialized: { out in
                x.scalars.withUnsafeBufferPointer { px in
                    for i in 0..<n {
                        let r = root?[i] ?? 1
                        for j in 0..<d { out[j * n + i] = (px[i * d + j] - means[j]) * r }
                    }
                }
            })
        } else if let root {
            xs.scalars.withUnsafeMutableBufferPointer { px in
                for i in 0..<n { for j in 0..<d { px[i * d + j] *= root[i] } }
            }
        }
        if let root { for i in 0..<n { ys.scalars[i] *= root[i] } }
        self.x = xs
        self.y = ys
    }

    /// b = ȳ − x̄ᵀw.
    func intercept(for coefficients: Tensor) -> Double {
        yOffset - dot(xOffset, coefficients)
    }
}
