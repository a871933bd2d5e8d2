import CLAPACK
import Foundation

/// The weighted, centred cross products of a design matrix X (`[n, d]`) and a target y, in one
/// pass over the rows of X and without a centred copy of it:
///
///   XcᵀSXc = Σᵢ sᵢ(xᵢ − x̄)(xᵢ − x̄)ᵀ,  XcᵀS·yc = Σᵢ sᵢ(xᵢ − x̄)(yᵢ − ȳ),  ycᵀS·yc = Σᵢ sᵢ(yᵢ − ȳ)²,
///
/// with x̄ = Σsᵢxᵢ/W, ȳ = Σsᵢyᵢ/W, W = Σsᵢ (sᵢ = 1 without weights). Uncentred (`centered: false`),
/// x̄ = 0 and ȳ = 0: XᵀSX, XᵀSy, yᵀSy. These are the normal equations of weighted least squares
/// with an intercept (ridge, and the Gram form of coordinate descent).
///
/// How: the rows are copied block by block (about 4 MiB at a time) into Z = [√s(x − c) | √s(y − t)
/// | √s] and one BLAS `dsyrk` per block accumulates ZᵀZ, which holds every sum at once. The shift
/// (c, t) is the weighted mean of the first block, so the exact means are known only at the end;
/// the rank-one correction Σs(x − x̄)(x − x̄)ᵀ = Σs(x − c)(x − c)ᵀ − W(x̄ − c)(x̄ − c)ᵀ then removes
/// the rest. Because c is itself a mean of rows of X, |x̄ − c| is at most a column's range, so the
/// correction cancels at most log₁₀(range²/variance) digits (the shifted-data algorithm of Chan,
/// Golub and LeVeque), unlike the textbook XᵀX − n·x̄x̄ᵀ, which loses every digit of a column whose
/// mean is large against its spread. Memory: one block beside X, instead of a second n × d copy.
///
/// - Complexity: n(d + 2)² flops (half a general product, BLAS `dsyrk` on all cores) plus one read
///   of X; O(d²) memory.
/// - Reference: T. F. Chan, G. H. Golub and R. J. LeVeque, "Algorithms for computing the sample
///   variance: analysis and recommendations", The American Statistician 37(3), 1983.
public struct CenteredCrossProducts: Sendable {
    /// XcᵀSXc, `[d, d]`, symmetric.
    public let gram: Tensor
    /// XcᵀS·yc, `[d]`.
    public let xty: Tensor
    /// ycᵀS·yc.
    public let targetSquaredNorm: Double
    /// x̄, `[d]` (zeros when not centred).
    public let xMean: Tensor
    /// ȳ (0 when not centred).
    public let yMean: Double
    /// W = Σsᵢ (n without weights).
    public let weightSum: Double

    /// Rows copied per block: about 4 MiB of Z, and at least 256 rows so that each `dsyrk` call
    /// has a long enough inner dimension to run at the speed of a large one.
    static func blockRows(columns: Int) -> Int { Swift.max(256, (1 << 19) / Swift.max(columns, 1)) }

    /// Computes the cross products.
    ///
    /// - Parameters:
    ///   - x: the `[n, d]` matrix.
    ///   - y: the `[n]` target.
    ///   - weights: optional non-negative weights sᵢ (`[n]`), used as given.
    ///   - centered: whether to centre on the weighted means (fit an intercept).
    /// - Precondition: x is a matrix and y and the weights have one entry per row.
    public init(_ x: Tensor, _ y: Tensor, weights: Tensor? = nil, centered: Bool) {
        self.init(x, y, weights: weights, centered: centered, blockRows: nil)
    }

    /// The same with a chosen block height (tests use small blocks to cover many of them cheaply).
    init(_ x: Tensor, _ y: Tensor, weights: Tensor?, centered: Bool, blockRows: Int?) {
        precondition(x.rank == 2, "CenteredCrossProducts: X must be a matrix, got shape \(x.shape)")
        let (n, d) = (x.shape[0], x.shape[1])
        precondition(y.count == n, "CenteredCrossProducts: y has \(y.count) entries for \(n) rows (shapes \(x.shape), \(y.shape))")
        precondition(weights.map { $0.count == n } ?? true,
                     "CenteredCrossProducts: \(weights?.count ?? 0) weights for \(n) rows")
        if !centered && weights == nil {
            // Nothing to shift or scale: XᵀX straight from X, no block copies.
            (gram, xty) = (x.gram, matmul(x, y, transposeA: true))
            (targetSquaredNorm, xMean, yMean, weightSum) = (y.squaredNorm(), Tensor.zeros([d]), 0, Double(n))
            return
        }
        let width = d + 2
        let block = Swift.min(blockRows ?? Self.blockRows(columns: width), Swift.max(n, 1))
        var z = [Double](repeating: 0, count: block * width)
        var products = [Double](repeating: 0, count: width * width)
        var shift = [Double](repeating: 0, count: d)
        var targetShift = 0.0
        let s = weights?.scalars ?? []
        let weighted = weights != nil
        // A d = 0 matrix has no storage to point at; a one-element stand-in is never read.
        let xs = x.count > 0 ? x.scalars : [0]
        s.withUnsafeBufferPointer { ps in
            xs.withUnsafeBufferPointer { px in
                y.scalars.withUnsafeBufferPointer { py in
                    if centered && n > 0 {
                        (shift, targetShift) = Self.firstBlockMeans(px, py, weighted ? ps.baseAddress : nil,
                                                                    rows: Swift.min(block, n), columns: d)
                    }
                    z.withUnsafeMutableBufferPointer { pz in
                        products.withUnsafeMutableBufferPointer { pc in
                            var start = 0
                            while start < n {
                                let rows = Swift.min(block, n - start)
                                Self.fillBlock(pz.baseAddress!, px.baseAddress! + start * d, py.baseAddress! + start,
                                               weighted ? ps.baseAddress! + start : nil, rows: rows, columns: d,
                                               shift: shift, targetShift: targetShift)
                                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(width), Int32(rows),
                                            1.0, pz.baseAddress, Int32(width), start == 0 ? 0.0 : 1.0, pc.baseAddress, Int32(width))
                                start += rows
                            }
                        }
                    }
                }
            }
        }
        // ZᵀZ's last row holds Σs(x − c), Σs(y − t) and W; its block [d, d] the shifted Gram.
        let total = products[(d + 1) * width + (d + 1)]
        // Uncentred, c = 0 and no correction: the shifted sums are the answer.
        let scale = centered && total > 0 ? 1 / total : 0
        let delta = (0..<d).map { products[$0 * width + d + 1] * scale }
        let targetDelta = products[d * width + d + 1] * scale
        gram = Tensor(shape: [d, d], unsafeUninitialized: { g in
            for i in 0..<d {
                for j in i..<d {
                    let value = products[i * width + j] - total * delta[i] * delta[j]
                    g[i * d + j] = value
                    g[j * d + i] = value
                }
            }
        })
        xty = Tensor((0..<d).map { products[$0 * width + d] - total * delta[$0] * targetDelta })
        targetSquaredNorm = products[d * width + d] - total * targetDelta * targetDelta
        xMean = Tensor((0..<d).map { shift[$0] + delta[$0] })
        yMean = targetShift + targetDelta
        weightSum = total
    }

    /// The weighted means of the first `rows` rows (the plain means if their weights sum to 0).
    private static func firstBlockMeans(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, _ s: UnsafePointer<Double>?,
                                        rows: Int, columns d: Int) -> ([Double], Double) {
        var weightSum = 0.0
        if let s { for i in 0..<rows { weightSum += s[i] } }
        let useWeights = s != nil && weightSum > 0
        let total = useWeights ? weightSum : Double(rows)
        var means = [Double](repeating: 0, count: d)
        var yMean = 0.0
        for i in 0..<rows {
            let weight = useWeights ? s![i] : 1
            for j in 0..<d { means[j] += weight * x[i * d + j] }
            yMean += weight * y[i]
        }
        return (means.map { $0 / total }, yMean / total)
    }

    /// Z = [√s(x − c) | √s(y − t) | √s] for `rows` rows, split across cores by rows.
    private static func fillBlock(_ z: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
                                  _ s: UnsafePointer<Double>?, rows: Int, columns d: Int, shift: [Double], targetShift: Double) {
        let width = d + 2
        shift.withUnsafeBufferPointer { c in
            ParallelLoop.forEachChunk(rows * width) { range in
                let first = (range.lowerBound + width - 1) / width, end = (range.upperBound + width - 1) / width
                for i in first..<end {
                    let root = s.map { $0[i].squareRoot() } ?? 1
                    let (source, row) = (x + i * d, z + i * width)
                    if s == nil {
                        for j in 0..<d { row[j] = source[j] - c[j] }
                    } else {
                        for j in 0..<d { row[j] = (source[j] - c[j]) * root }
                    }
                    row[d] = (y[i] - targetShift) * root
                    row[d + 1] = root
                }
            }
        }
    }
}
