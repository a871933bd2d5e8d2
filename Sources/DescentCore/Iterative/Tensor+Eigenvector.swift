// Vector helpers shared by the iterative eigensolvers.

extension Tensor {
    /// This vector scaled to unit norm and with its largest-magnitude component positive (the
    /// convention of `SymmetricEigen` and `SVD`): eigenvectors are defined up to sign, and a fixed
    /// sign makes results reproducible and comparable with the dense decompositions.
    /// A zero vector is returned unchanged.
    func normalizedEigenvector() -> Tensor {
        let length = norm(.two)
        guard length > 0, length.isFinite else { return self }
        let sign = scalars.withUnsafeBufferPointer(Tensor.largestEntrySign)
        return self * (sign / length)
    }

    /// A unit vector of length n with independent standard-normal direction, drawn from `generator`.
    static func randomUnitVector(_ n: Int, using generator: inout SeededGenerator) -> Tensor {
        let v = Tensor.randomNormal([n], using: &generator)
        return v / v.norm(.two)
    }
}
