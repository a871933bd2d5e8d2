import DescentCore

// Element-wise arithmetic with NumPy broadcasting. For z = a ∘ b the pullbacks are
//   a + b: (ḡ, ḡ)          a − b: (ḡ, −ḡ)
//   a · b: (ḡ·b, ḡ·a)      a / b: (ḡ/b, −ḡ·a/b²)
// each summed back over the axes its input was broadcast along (Griewank & Walther, table 3.3).

extension Variable {
    /// Element-wise sum a + b with broadcasting.
    public static func + (a: Variable, b: Variable) -> Variable {
        record(Tensor.broadcastingStack(a.value, b.value, +), a, b) { c in
            [c.needs[0] ? c.unbroadcast(c.cotangent, toInput: 0) : nil,
             c.needs[1] ? c.unbroadcast(c.cotangent, toInput: 1) : nil]
        }.supportingBatches()
    }

    /// Element-wise difference a − b with broadcasting.
    public static func - (a: Variable, b: Variable) -> Variable {
        record(Tensor.broadcastingStack(a.value, b.value, -), a, b) { c in
            [c.needs[0] ? c.unbroadcast(c.cotangent, toInput: 0) : nil,
             c.needs[1] ? c.unbroadcast(-c.cotangent, toInput: 1) : nil]
        }.supportingBatches()
    }

    /// Element-wise (Hadamard) product a ⊙ b with broadcasting.
    public static func * (a: Variable, b: Variable) -> Variable {
        record(Tensor.broadcastingStack(a.value, b.value, *), a, b) { c in
            [c.needs[0] ? c.unbroadcast(c.cotangent * c.inputs[1], toInput: 0) : nil,
             c.needs[1] ? c.unbroadcast(c.cotangent * c.inputs[0], toInput: 1) : nil]
        }.supportingBatches()
    }

    /// Element-wise quotient a / b with broadcasting.
    public static func / (a: Variable, b: Variable) -> Variable {
        record(Tensor.broadcastingStack(a.value, b.value, /), a, b) { c in
            let scaled = c.cotangent / c.inputs[1]
            return [c.needs[0] ? c.unbroadcast(scaled, toInput: 0) : nil,
                    c.needs[1] ? c.unbroadcast(-(scaled * c.output), toInput: 1) : nil]
        }.supportingBatches()
    }

    /// Negation −a.
    public static prefix func - (a: Variable) -> Variable {
        record(-a.value, a) { c in [-c.cotangent] }.supportingBatches()
    }

    /// a + s for a scalar s.
    public static func + (a: Variable, s: Double) -> Variable {
        record(a.value + s, a) { c in [c.cotangent] }.supportingBatches()
    }

    /// s + a for a scalar s.
    public static func + (s: Double, a: Variable) -> Variable { a + s }

    /// a − s for a scalar s.
    public static func - (a: Variable, s: Double) -> Variable {
        record(a.value - s, a) { c in [c.cotangent] }.supportingBatches()
    }

    /// s − a for a scalar s.
    public static func - (s: Double, a: Variable) -> Variable {
        record(s - a.value, a) { c in [-c.cotangent] }.supportingBatches()
    }

    /// a · s for a scalar s.
    public static func * (a: Variable, s: Double) -> Variable {
        record(a.value * s, a) { c in [c.cotangent * s] }.supportingBatches()
    }

    /// s · a for a scalar s.
    public static func * (s: Double, a: Variable) -> Variable { a * s }

    /// a / s for a scalar s.
    public static func / (a: Variable, s: Double) -> Variable {
        record(a.value / s, a) { c in [c.cotangent / s] }.supportingBatches()
    }

    /// s / a for a scalar s; pullback −ḡ·s/a² = −ḡ·y/a.
    public static func / (s: Double, a: Variable) -> Variable {
        record(s / a.value, a) { c in [-(c.cotangent * c.output / c.inputs[0])] }.supportingBatches()
    }

    /// a + t for a constant tensor t (broadcasting).
    @_disfavoredOverload public static func + (a: Variable, t: Tensor) -> Variable { a + Variable(t) }
    /// a − t for a constant tensor t (broadcasting).
    @_disfavoredOverload public static func - (a: Variable, t: Tensor) -> Variable { a - Variable(t) }
    /// a ⊙ t for a constant tensor t (broadcasting).
    @_disfavoredOverload public static func * (a: Variable, t: Tensor) -> Variable { a * Variable(t) }
    /// a / t for a constant tensor t (broadcasting).
    @_disfavoredOverload public static func / (a: Variable, t: Tensor) -> Variable { a / Variable(t) }
    /// t + a for a constant tensor t (broadcasting).
    @_disfavoredOverload public static func + (t: Tensor, a: Variable) -> Variable { Variable(t) + a }
    /// t − a for a constant tensor t (broadcasting).
    @_disfavoredOverload public static func - (t: Tensor, a: Variable) -> Variable { Variable(t) - a }
    /// t ⊙ a for a constant tensor t (broadcasting).
    @_disfavoredOverload public static func * (t: Tensor, a: Variable) -> Variable { Variable(t) * a }
    /// t / a for a constant tensor t (broadcasting).
    @_disfavoredOverload public static func / (t: Tensor, a: Variable) -> Variable { Variable(t) / a }

    /// a += b.
    public static func += (a: inout Variable, b: Variable) { a = a + b }
    /// a −= b.
    public static func -= (a: inout Variable, b: Variable) { a = a - b }
    /// a *= b.
    public static func *= (a: inout Variable, b: Variable) { a = a * b }
    /// a /= b.
    public static func /= (a: inout Variable, b: Variable) { a = a / b }
}
