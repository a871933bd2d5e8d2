import CDescentFormat
import Foundation

/// How every verb writes a number: one place, so that the same value reads the same in every verb.
///
/// - `readable`: the summaries people read, as people write numbers (`37`, `0.4`, `1.5e-08`, `-2.5`,
///   `inf`, `nan`), to a fixed number of significant digits like C's `%g`, never with a trailing dot.
/// - `json`: the `--json` output, shortest digits that read back as the same `Double`, as Swift's
///   `description` writes them (`37.0`, `0.1`, `1e+16`); whole numbers keep their `.0`, as the JSON of
///   every verb always has, so a reader can tell a real from a count (counts are integers: `37`).
/// - `exact`: CSV files and numbers echoed back in messages: shortest round-trip digits too, but whole
///   numbers as integers (`5`, `999999999999`), as they are written in a CSV file.
public enum NumberFormat {
    /// The significant digits of readable output.
    public static let significantDigits = 6

    /// A number for people: `%g` with `digits` significant digits, `nan`, `inf`, `-inf`, and `0` for ±0.
    public static func readable(_ x: Double, significantDigits digits: Int = significantDigits) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }   // people do not write -0
        // C's %g: the same text as String(format:), without Foundation's formatter or a CVarArg
        // list, which cost more than the digits themselves when printing a large matrix.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
            _ = descent_format_general(x, Int32(digits), buffer.baseAddress!, 48)
            return String(cString: buffer.baseAddress!)
        }
    }

    /// A finite number for JSON: the shortest round-trip digits (`37.0`, `0.30000000000000004`, `1e+16`).
    /// `JSONValue` writes non-finite numbers as the strings "nan", "inf" and "-inf" before calling this.
    public static func json(_ x: Double) -> String {
        x.description
    }

    /// A number exactly as a CSV file holds it: whole numbers below 10¹⁸ as integers (`5`,
    /// `999999999999`), others with the shortest round-trip digits (`0.8`, `1e+20`), and `nan`, `inf`, `-inf`.
    public static func exact(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        // |x| < 10¹⁸ converts to Int64 exactly, so no conversion can trap.
        if x == x.rounded() && Swift.abs(x) < 1e18 { return String(Int64(x)) }
        return x.description
    }
}
