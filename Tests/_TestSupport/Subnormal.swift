/// Subnormal test inputs, spelled once: a literal such as `1e-310` makes the compiler warn that it
/// "underflows and loses precision" (it is below the smallest normal double), so tests name them.
public enum Subnormal {
    /// 4.9e-324, the smallest positive double (`Double.leastNonzeroMagnitude`).
    public static let smallest = Double.leastNonzeroMagnitude
    /// The double nearest 1e-310.
    public static let e310 = Double("1e-310")!
    /// The double nearest 1e-320.
    public static let e320 = Double("1e-320")!
}
