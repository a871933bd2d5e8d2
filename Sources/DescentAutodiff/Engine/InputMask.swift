/// A set of input indices as a bit mask (no allocation per node); indices ≥ 64 always count as
/// members, which only costs an unneeded gradient for operations with that many inputs.
@usableFromInline
struct InputMask {
    @usableFromInline var bits: UInt64 = 0

    @inlinable subscript(_ i: Int) -> Bool {
        get { i >= 64 || bits & (1 << UInt64(i)) != 0 }
        set { if i < 64 { if newValue { bits |= 1 << UInt64(i) } else { bits &= ~(1 << UInt64(i)) } } }
    }
}
