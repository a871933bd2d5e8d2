import DescentCore

/// Distance between two doubles in units in the last place of `expected` (the subnormal spacing
/// below the normal range, so results that underflow are compared on an absolute scale of
/// 2⁻¹⁰⁷⁴); 0 when both are the same special value or both are zeros (of either sign).
public func ulpDistance(_ actual: Double, _ expected: Double) -> Double {
    if actual == expected || (actual.isNaN && expected.isNaN) { return 0 }
    if !actual.isFinite || !expected.isFinite { return .infinity }
    let spacing = Swift.max(expected.magnitude.ulp, Double.leastNonzeroMagnitude)
    return (actual - expected).magnitude / spacing
}

extension ReferenceData {
    /// A list of doubles stored as 16-hex-digit IEEE 754 bit patterns (exact, unlike decimal JSON
    /// numbers read by Foundation's JSONSerialization on Linux, which can be off by a few ulps).
    public func exactDoubles(_ key: String) -> [Double] {
        guard let patterns = object[key] as? [String] else { fatalError("reference key '\(key)' is not a list of bit patterns") }
        return patterns.map { Double(bitPattern: UInt64($0, radix: 16)!) }
    }
}
