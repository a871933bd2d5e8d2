#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strict, fast parsing of one decimal number from bytes, as in a CSV field.
///
/// The grammar is the one NumPy's `loadtxt` and every spreadsheet write:
/// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, plus `nan`, `inf` and
/// `infinity` in any case with an optional sign. Nothing else: no hexadecimal (`0x10` is not 16),
/// no digit separators, no surrounding spaces (the caller trims them).
///
/// Conversion is correctly rounded. Most numbers take Clinger's fast path: when the decimal
/// significand w has at most 19 digits with w ≤ 2⁵³ and the decimal exponent e has |e| ≤ 22, both
/// w and 10^|e| are exact doubles, so one IEEE multiplication or division, w·10^e or w/10^−e, rounds
/// the exact value once. Everything else goes to the C library's `strtod`, which is correctly
/// rounded in glibc and on Apple's platforms.
///
/// Reference: W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990.
enum DecimalNumber {
    /// 10⁰ … 10²², every one exactly representable as a `Double`.
    private static let exactPowersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// The value of `bytes`, or `nil` when they are not a number in the grammar above.
    /// - Complexity: O(length); no allocation on the fast path.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < n else { return nil }
        let first = bytes[i]
        if first == UInt8(ascii: "n") || first == UInt8(ascii: "N") || first == UInt8(ascii: "i") || first == UInt8(ascii: "I") {
            return special(bytes, from: i, negative: negative)
        }

        var significand: UInt64 = 0
        var significantDigits = 0      // digits accumulated into `significand` (leading zeros excluded)
        var droppedDigits = false      // a non-zero digit did not fit into 19 digits
        var exponent = 0               // decimal exponent adjustment from the digits' positions
        var digitsSeen = 0

        func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

        // One digit into the significand: the first 19 significant digits are kept (a fraction
        // digit kept moves the exponent down); later integer digits only move the exponent up.
        func accumulate(_ byte: UInt8, fractional: Bool) {
            let d = UInt64(byte &- UInt8(ascii: "0"))
            if significantDigits < 19 {
                if significand > 0 || d > 0 {
                    significand = significand * 10 + d
                    significantDigits += 1
                }
                if fractional { exponent -= 1 }
            } else {
                if !fractional { exponent += 1 }
                if d != 0 { droppedDigits = true }
            }
            digitsSeen += 1
        }

        while i < n, isDigit(bytes[i]) {
            accumulate(bytes[i], fractional: false)
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, isDigit(bytes[i]) {
                accumulate(bytes[i], fractional: true)
                i += 1
            }
        }
        guard digitsSeen > 0 else { return nil }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var written = 0
            var exponentDigits = 0
            while i < n, isDigit(bytes[i]) {
                // Saturate: beyond ±10⁶ every double is 0 or ∞ anyway, and strtod decides those.
                if written < 1_000_000 { written = written * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard i == n else { return nil }

        if significand == 0 && !droppedDigits { return negative ? -0.0 : 0.0 }
        if !droppedDigits, significand <= 1 << 53, exponent >= -22, exponent <= 22 {
            let w = Double(significand)
            let value = exponent >= 0 ? w * exactPowersOfTen[exponent] : w / exactPowersOfTen[-exponent]
            return negative ? -value : value
        }
        return viaStrtod(bytes)
    }

    /// `nan`, `inf`, `infinity` in any case, after an optional sign already consumed.
    private static func special(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, negative: Bool) -> Double? {
        var word: [UInt8] = []
        word.reserveCapacity(8)
        for k in start..<bytes.count {
            let b = bytes[k]
            guard b < 128, word.count < 8 else { return nil }
            word.append(b | 0x20)   // ASCII lower case for letters
        }
        switch String(decoding: word, as: UTF8.self) {
        case "nan": return .nan
        case "inf", "infinity": return negative ? -.infinity : .infinity
        default: return nil
        }
    }

    /// The correctly rounded value of a token already validated by `parse`.
    private static func viaStrtod(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for k in 0..<bytes.count { buffer[k] = CChar(bitPattern: bytes[k]) }
            buffer[bytes.count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
