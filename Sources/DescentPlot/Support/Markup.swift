// Escaping and number printing shared by the SVG and HTML writers.
import Foundation

/// Escapes text for use in XML/HTML character data and double-quoted attribute values.
///
/// Replaces `&`, `<`, `>`, `"` and `'` by their entity references, and drops the control characters
/// that XML 1.0 forbids (U+0000–U+001F except tab, newline and carriage return), so that any user
/// string yields a well-formed document.
///
/// - Parameter text: arbitrary user text (series names, titles, table cells).
/// - Returns: the escaped text. Complexity O(n).
/// - Reference: W3C, *Extensible Markup Language (XML) 1.0*, §2.2 (Char) and §2.4 (Character Data).
func escapeMarkup(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            // XML 1.0 forbids the remaining C0 controls and the non-characters U+FFFE/U+FFFF.
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// Prints a pixel coordinate with at most two decimals and no trailing zeros ("12.5", "-3", "0.07").
///
/// Two decimals are 1/100 px, far below what any renderer shows, and keep files small. Deterministic:
/// integer arithmetic after one rounding, no locale. Callers clip geometry first; values are clamped
/// to ±1e9 px so the integer conversion cannot overflow.
func formatCoordinate(_ value: Double) -> String {
    let clamped = Swift.min(Swift.max(value.isNaN ? 0 : value, -1e9), 1e9)
    let hundredths = Int64((clamped * 100).rounded())
    if hundredths == 0 { return "0" }
    let magnitude = hundredths.magnitude
    var text = hundredths < 0 ? "-" : ""
    text += String(magnitude / 100)
    let fraction = magnitude % 100
    if fraction != 0 {
        text += fraction % 10 == 0 ? "." + String(fraction / 10) : (fraction < 10 ? ".0" : ".") + String(fraction)
    }
    return text
}

/// Prints a number compactly for labels and tables: `%g`-style with `significantDigits`, exponent
/// without "+" or leading zeros ("1e-6", "2.5e12"), "NaN", "∞", "−∞".
func formatCompact(_ value: Double, significantDigits: Int = 4) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "∞" : "−∞" }
    if value == 0 { return "0" }
    return cleanExponent(String(format: "%.\(significantDigits)g", value))
}

/// Rewrites C's exponent notation "1.5e+06" / "1e-06" as "1.5e6" / "1e-6".
func cleanExponent(_ text: String) -> String {
    guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
    var mantissa = String(text[..<e])
    if mantissa.contains(".") {
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    var exponent = String(text[text.index(after: e)...])
    var sign = ""
    if exponent.hasPrefix("+") { exponent.removeFirst() } else if exponent.hasPrefix("-") { sign = "-"; exponent.removeFirst() }
    while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
    return mantissa + "e" + sign + exponent
}

/// Unicode superscript form of an integer exponent, for log-axis labels such as 10⁻⁶.
func superscript(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    return (n < 0 ? "⁻" : "") + String(n.magnitude).map { digits[Int(String($0))!] }
}

/// Approximate rendered width of `text` in the generic sans-serif font: 0.6 em per character.
///
/// SVG has no text measurement without a renderer; 0.6 em is a slight overestimate for Helvetica/
/// DejaVu Sans digits and lower case, so layouts reserve enough room rather than too little.
func estimatedTextWidth(_ text: String, fontSize: Double) -> Double {
    Double(text.count) * fontSize * 0.6
}
