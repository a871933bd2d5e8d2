// The one JSON string writer: the CLI's JSON output and the weights files both quote through it.
import Foundation

/// JSON string literals (RFC 8259 §7).
public enum JSONString {
    /// `s` as a JSON string literal: in double quotes, with `"` and `\` escaped, the common control
    /// characters as `\n`, `\r`, `\t`, the other code points below U+0020 as `\uXXXX`, and everything
    /// else (all of Unicode, including "/" and non-ASCII) as is.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
