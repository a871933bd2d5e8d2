// Vector helpers shared by the iterative eigensolvers.

extension Tensor {
    /// This vector scaled to unit norm and with its largest-magnitude component positive (the
    /// convention of `SymmetricEigen` and `SVD`): eigenvectors are defined up to sign, and a fixed
    /// sign makes results reproducible and comparable with the dense decompositions.
    /// A zero vector is returned unchanged.
    func normalizedEigenvector() -> Tensor {
        self * eigenvectorNormalization
    }

    /// The factor ±1/‖v‖ that `normalizedEigenvector` applies (1 for a zero or non-finite vector), so
    /// that A·v can be scaled the same way.
    var eigenvectorNormalization: Double {
        let length = norm(.two)
        guard length > 0, length.isFinite else { return 1 }
        let sign = scalars.withUnsafeBufferPointer(Tensor.largestEntrySign)
        return sign / length
    }

    /// A unit vector of length n with independent standard-normal direction, drawn from `generator`.
    static func randomUnitVector(_ n: Int, using generator: inout SeededGenerator) -> Tensor {
        let v = Tensor.randomNormal([n], using: &generator)
        return v / v.norm(.two)
    }
}
