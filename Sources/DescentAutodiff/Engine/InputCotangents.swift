/// What a pullback returns: one cotangent per input of the operation, `nil` for an input whose
/// cotangent is zero or not needed.
///
/// Almost every operation has one or two inputs, so those are stored inline; a pullback runs at
/// every node of every sweep, and returning a heap-allocated array from each one was a measurable
/// share of the cost of differentiating small scalar functions. Written as an array literal
/// (`[a, b]`) at the call site; operations with more inputs spill into an array.
@usableFromInline
struct InputCotangents: ExpressibleByArrayLiteral {
    @usableFromInline var first: Variable?
    @usableFromInline var second: Variable?
    @usableFromInline var spilled: [Variable?]

    @inlinable @inline(__always)
    init(arrayLiteral elements: Variable?...) {
        self.init(elements)
    }

    @inlinable @inline(__always)
    init(_ elements: [Variable?]) {
        if elements.count <= 2 {
            first = elements.first ?? nil
            second = elements.count == 2 ? elements[1] : nil
            spilled = []
        } else {
            first = nil
            second = nil
            spilled = elements
        }
    }

    /// The cotangent of input `i` (`nil` past the end).
    @inlinable
    subscript(_ i: Int) -> Variable? {
        if !spilled.isEmpty { return i < spilled.count ? spilled[i] : nil }
        return i == 0 ? first : (i == 1 ? second : nil)
    }
}
