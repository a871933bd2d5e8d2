import DescentCore
import Testing

/// The one approximate-comparison helper of the test suite: |actual − expected| ≤ atol + rtol·|expected|
/// element by element (NumPy's `allclose`). Records a test issue naming the worst element otherwise.
///
/// Every call states its tolerance; `reason` says why that tolerance is right (e.g. "LAPACK backward
/// error ~ n·ε·κ"), so a loosened tolerance is visible in review.
public func expectClose(_ actual: Tensor, _ expected: Tensor, rtol: Double = 1e-12, atol: Double = 0,
                        _ reason: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.shape == expected.shape else {
        Issue.record("shape \(actual.shape) differs from expected \(expected.shape). \(reason)", sourceLocation: sourceLocation)
        return
    }
    var worst: (index: Int, excess: Double)? = nil
    for i in 0..<actual.count {
        let a = actual.scalars[i], e = expected.scalars[i]
        if a == e || (a.isNaN && e.isNaN) { continue }
        let excess = Swift.abs(a - e) - (atol + rtol * Swift.abs(e))
        if !(excess <= 0) && (worst == nil || !(excess <= worst!.excess)) { worst = (i, excess.isNaN ? .infinity : excess) }
    }
    if let w = worst {
        let index = actual.multiIndex(ofFlatIndex: w.index)
        Issue.record("element \(index): \(actual.scalars[w.index]) vs expected \(expected.scalars[w.index]) (rtol \(rtol), atol \(atol)). \(reason)",
                     sourceLocation: sourceLocation)
    }
}

/// Scalar form of `expectClose`.
public func expectClose(_ actual: Double, _ expected: Double, rtol: Double = 1e-12, atol: Double = 0,
                        _ reason: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose(Tensor(actual), Tensor(expected), rtol: rtol, atol: atol, reason, sourceLocation: sourceLocation)
}

/// Array form of `expectClose`.
public func expectClose(_ actual: [Double], _ expected: [Double], rtol: Double = 1e-12, atol: Double = 0,
                        _ reason: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose(Tensor(actual), Tensor(expected), rtol: rtol, atol: atol, reason, sourceLocation: sourceLocation)
}
