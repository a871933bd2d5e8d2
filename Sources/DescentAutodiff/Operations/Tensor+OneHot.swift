import DescentCore

extension Tensor {
    /// A tensor of `shape` that is zero except for `value` at a flat index (a basis vector when
    /// `value` is 1). Built in one pass, without writing through `scalars` afterwards.
    static func oneHot(_ shape: [Int], at index: Int, value: Double = 1) -> Tensor {
        Tensor(shape: shape, unsafeUninitialized: { out in
            out.initialize(repeating: 0)
            out[index] = value
        })
    }
}
