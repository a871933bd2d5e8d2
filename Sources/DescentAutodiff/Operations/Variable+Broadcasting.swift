import DescentCore

// Broadcasting and its adjoint. An element-wise operation on inputs of shapes that broadcast
// (NumPy rules) sends back to each input the cotangent summed over the axes that input was
// stretched along; `summed(toShape:)` and `broadcasted(to:)` are each other's pullbacks.

extension Tensor {
    /// This tensor summed over the axes along which `shape` was broadcast to produce it: leading
    /// extra axes, and axes where `shape` has extent 1. The adjoint of broadcasting.
    /// - Precondition: `shape` broadcasts to this tensor's shape.
    func summed(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        if Tensor.elementCount(target) == 1 {
            return Tensor(shape: target, scalars: [sum()])
        }
        precondition(target.count <= rank && Tensor.broadcastShape(target, shape) == shape,
                     "summed(toShape:): shape \(target) does not broadcast to \(shape)")
        // Summing the rows (or columns) of a matrix is a matrix–vector product with ones: BLAS
        // dgemv instead of a scalar loop (the bias gradient of every dense layer takes this path).
        if rank == 2, let columnSums = summedMatrix(toShape: target) { return columnSums }
        // One run of broadcast axes (in a batched sweep, each seed's rows summed to a bias row):
        // add up the repeated blocks in one pass, not one generic reduction per axis.
        if rank > 2, let (outer, repeats, inner) = Tensor.broadcastRun(target, shape) {
            return Tensor(shape: target, unsafeUninitialized: { out in
                out.initialize(repeating: 0)
                scalars.withUnsafeBufferPointer { source in
                    guard let s = source.baseAddress, let o = out.baseAddress else { return }
                    for block in 0..<outer {
                        let to = o + block * inner
                        for r in 0..<repeats {
                            let from = s + (block * repeats + r) * inner
                            for t in 0..<inner { to[t] += from[t] }
                        }
                    }
                }
            })
        }
        var result = self
        // Leading axes that the target lacks disappear.
        for _ in 0..<(rank - target.count) { result = result.sum(alongAxis: 0) }
        // Axes of extent 1 in the target are summed and kept.
        for axis in 0..<target.count where target[axis] == 1 && result.shape[axis] != 1 {
            var kept = result.shape
            kept[axis] = 1
            result = result.sum(alongAxis: axis).reshaped(kept)
        }
        return result
    }

    /// Row or column sums of a matrix through BLAS when `target` asks for exactly one of them.
    private func summedMatrix(toShape target: [Int]) -> Tensor? {
        let (m, n) = (shape[0], shape[1])
        guard m > 0 && n > 0 else { return nil }
        if target == [n] || target == [1, n] {
            return DescentCore.matmul(self, Tensor(shape: [m], repeating: 1), transposeA: true).reshaped(target)
        }
        if target == [m, 1] {
            return DescentCore.matmul(self, Tensor(shape: [n], repeating: 1)).reshaped(target)
        }
        return nil
    }

    /// This tensor repeated along broadcast axes to fill `target` (NumPy's `broadcast_to`).
    /// - Precondition: this shape broadcasts to `target`.
    func broadcasted(to target: [Int]) -> Tensor {
        if target == shape { return self }
        if count == 1 { return Tensor(shape: target, repeating: scalars[0]) }
        precondition(Tensor.broadcastShape(shape, target) == target,
                     "broadcasted(to:): shape \(shape) does not broadcast to \(target)")
        // Fast path: one run of broadcast axes (a bias row repeated down a matrix; in a batched
        // sweep, each seed's row repeated down its matrix): each block of the source is copied
        // `repeats` times in a row.
        if Tensor.elementCount(target) == count { return reshaped(target) }  // nothing repeated
        if let (outer, repeats, inner) = Tensor.broadcastRun(shape, target) {
            return Tensor(shape: target, unsafeUninitialized: { out in
                scalars.withUnsafeBufferPointer { source in
                    guard let s = source.baseAddress, let o = out.baseAddress else { return }
                    var offset = 0
                    for block in 0..<outer {
                        for _ in 0..<repeats {
                            (o + offset).update(from: s + block * inner, count: inner)
                            offset += inner
                        }
                    }
                }
            })
        }
        return Tensor(shape: target, repeating: 0).zipMap(self) { $1 }
    }
}

extension Variable {
    /// The value summed over broadcast axes down to `shape` (the adjoint of `broadcasted(to:)`).
    /// Its pullback broadcasts the cotangent back.
    public func summed(toShape target: [Int]) -> Variable {
        if target == shape { return self }
        let source = shape
        return Variable.record(value.summed(toShape: target), self) { c in
            [c.broadcast(c.cotangent, to: source)]
        }.supportingBatches()
    }

    /// The value repeated along broadcast axes to fill `target` (NumPy's `broadcast_to`).
    /// Its pullback sums the cotangent back over those axes.
    public func broadcasted(to target: [Int]) -> Variable {
        if target == shape { return self }
        let source = shape
        return Variable.record(value.broadcasted(to: target), self) { c in
            [c.unbroadcast(c.cotangent, to: source)]
        }.supportingBatches()
    }

    /// Reduces a cotangent computed at the broadcast shape back to an input's shape.
    @inlinable
    func unbroadcast(to target: [Int]) -> Variable {
        shape == target ? self : summed(toShape: target)
    }
}

extension Tensor {
    /// When `small`, left-padded with unit axes to the rank of `large`, differs from `large` on
    /// one run of consecutive axes only, and has extent 1 all along it: the products of the
    /// extents before (`outer`), along (`repeats`) and after (`inner`) that run. Broadcasting
    /// `small` to `large` then repeats each of its `outer` blocks of `inner` elements `repeats`
    /// times in a row, and summing back adds those repeats. Nil for any other pair of shapes
    /// (including equal ones).
    static func broadcastRun(_ small: [Int], _ large: [Int]) -> (outer: Int, repeats: Int, inner: Int)? {
        guard small.count <= large.count else { return nil }
        let padded = [Int](repeating: 1, count: large.count - small.count) + small
        guard let first = padded.indices.first(where: { padded[$0] != large[$0] }),
              let last = padded.indices.last(where: { padded[$0] != large[$0] }),
              padded[first...last].allSatisfy({ $0 == 1 }) else { return nil }
        return (padded[..<first].reduce(1, *), large[first...last].reduce(1, *), padded[(last + 1)...].reduce(1, *))
    }
}
