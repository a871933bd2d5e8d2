/// A block of vectors made orthonormal together with its image under an operator: `basis` (n × r)
/// has orthonormal columns, and `image` = A·`basis` when the input's image was given (the same
/// column operations applied to both, so no product with A is needed).
struct OrthonormalizedBlock {
    /// n × r, orthonormal columns (r ≤ the input's columns: dependent directions are dropped).
    var basis: Tensor
    /// A·`basis`, carried along by the same combinations (nil when no image was given).
    var image: Tensor?

    /// r, the number of columns kept.
    var width: Int { basis.shape[1] }
}

/// Orthonormalizes the columns of `v` against the orthonormal columns of the blocks `against` and
/// among themselves, dropping the directions that are (numerically) in their span.
///
/// Each column is first scaled to unit length (a zero column is dropped), then two rounds of
/// "project out the blocks, then SVQB": V ← V − B·(BᵀV) for each block B, then with VᵀV = UΛUᵀ,
/// V ← V·U_r·Λ_r^(−1/2) over the eigenvalues λ > `dropBelow` (the squared singular values of the
/// projected unit columns; the others are directions inside the span of the blocks or of the other
/// columns). The second round restores the orthogonality the first lost in dividing by small
/// singular values ("twice is enough"). When `image` (= A·V) is given, every combination is
/// applied to it too, with the blocks' images (`againstImages`, A·B) for the projections, so the
/// result's image costs no product with A; its rounding error grows like 1/√`dropBelow`, which is
/// why a caller that carries images uses a larger threshold.
///
/// - Returns: the orthonormal block (possibly with no columns) and its image; nil if a Gram matrix
///   is not finite (the input overflowed or holds NaN).
/// - Complexity: O(n·c·(c + Σ width of the blocks)) flops for n × c input.
/// - Reference: A. Stathopoulos & K. Wu, "A block orthogonalization procedure with constant
///   synchronization requirements", SIAM J. Sci. Comput. 23, 2002 (SVQB); U. Hetmaniuk & R. Lehoucq,
///   "Basis selection in LOBPCG", J. Comput. Phys. 218, 2006.
func orthonormalizeBlock(_ v: Tensor, image: Tensor? = nil, against blocks: [Tensor] = [], againstImages: [Tensor] = [],
                         dropBelow threshold: Double) -> OrthonormalizedBlock? {
    precondition(image == nil || againstImages.count == blocks.count,
                 "orthonormalizeBlock: \(blocks.count) blocks but \(againstImages.count) images")
    let n = v.shape[0]
    // Unit columns, so that the threshold is relative to each column's own length.
    let norms = (0..<v.shape[1]).map { v.column($0).norm(.two) }
    guard norms.allSatisfy(\.isFinite) else { return nil }
    let kept = norms.indices.filter { norms[$0] > 0 }
    func unitColumns(_ m: Tensor) -> Tensor { Tensor(rows: n, columns: kept.count) { i, j in m[i, kept[j]] / norms[kept[j]] } }
    var block = unitColumns(v)
    var blockImage = image.map(unitColumns)
    for _ in 0..<2 {
        guard block.shape[1] > 0 else { break }
        for (index, b) in blocks.enumerated() where b.shape[1] > 0 {
            let coefficients = matmul(b, block, transposeA: true)
            block = block - matmul(b, coefficients)
            if let current = blockImage { blockImage = current - matmul(againstImages[index], coefficients) }
        }
        guard let transform = svqbTransform(matmul(block, block, transposeA: true), dropBelow: threshold) else { return nil }
        block = matmul(block, transform)
        blockImage = blockImage.map { matmul($0, transform) }
    }
    return OrthonormalizedBlock(basis: block.shape[1] > 0 ? block : Tensor.zeros([n, 0]),
                                image: blockImage.map { $0.shape[1] > 0 ? $0 : Tensor.zeros([n, 0]) })
}

/// T = U_r·Λ_r^(−1/2) for a Gram matrix G = UΛUᵀ, over the eigenvalues λ > `dropBelow`·max(1, max λ):
/// V·T has orthonormal columns spanning the well-conditioned part of span V. Nil if G is not finite.
private func svqbTransform(_ gram: Tensor, dropBelow threshold: Double) -> Tensor? {
    let c = gram.shape[0]
    guard c > 0 else { return Tensor.zeros([0, 0]) }
    guard let eigen = try? ritzDecomposition(gram) else { return nil }
    let values = eigen.eigenvalues.scalars
    let largest = Swift.max(1, values.max() ?? 0)
    let kept = values.indices.filter { values[$0] > threshold * largest }
    return Tensor(rows: c, columns: kept.count) { i, j in eigen.eigenvectors[i, kept[j]] / values[kept[j]].squareRoot() }
}
