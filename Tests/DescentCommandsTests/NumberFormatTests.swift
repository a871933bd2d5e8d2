import DescentCommands
import Testing

/// The one number formatter of the CLI: readable output as people write numbers, JSON with the
/// shortest round-trip digits, CSV and echoed input exactly.
@Suite("Number format")
struct NumberFormatTests {
    @Test(arguments: [
        (37.0, "37"), (10, "10"), (0.4, "0.4"), (1.5e-8, "1.5e-08"), (-2.5, "-2.5"), (0, "0"), (-0.0, "0"),
        (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"), (2508.0127, "2508.01"), (1001.6, "1001.6"),
        (123456789, "1.23457e+08"), (1e20, "1e+20"), (0.0019968, "0.0019968"), (1 / 3.0, "0.333333"),
        (0.99999999, "1"), (-5.55112e-17, "-5.55112e-17"),
    ])
    func readable(_ x: Double, _ expected: String) {
        #expect(NumberFormat.readable(x) == expected)
        #expect(!NumberFormat.readable(x).hasSuffix("."), "never a trailing dot")
    }

    @Test func readableSignificantDigits() {
        #expect(NumberFormat.readable(Double.pi, significantDigits: 3) == "3.14")
        #expect(NumberFormat.readable(Double.pi, significantDigits: 10) == "3.141592654")
    }

    @Test(arguments: [
        (37.0, "37.0"), (0.1, "0.1"), (0.30000000000000004, "0.30000000000000004"), (1e15, "1000000000000000.0"),
        (1e16, "1e+16"), (-0.0, "-0.0"), (1.5e-8, "1.5e-08"), (-682.1018539229984, "-682.1018539229984"),
    ])
    func json(_ x: Double, _ expected: String) {
        #expect(NumberFormat.json(x) == expected)
        #expect(JSONValue.number(x).rendered() == expected)
        #expect(Double(NumberFormat.json(x)) == x, "round trip")
    }

    @Test func jsonSpecialValuesAndCounts() {
        #expect(JSONValue.number(.nan).rendered() == "\"nan\"")
        #expect(JSONValue.number(-.infinity).rendered() == "\"-inf\"")
        #expect(JSONValue.integer(37).rendered() == "37", "counts are integers")
        #expect(JSONValue.record([.x: .number(1), .iterations: .integer(3), .termination: .string("converged_residual")]).rendered()
                == #"{"x": 1.0, "iterations": 3, "termination": "converged_residual"}"#)
    }

    @Test(arguments: [
        (5.0, "5"), (0.8, "0.8"), (999_999_999_999, "999999999999"), (1e20, "1e+20"), (-0.5, "-0.5"),
        (.nan, "nan"), (.infinity, "inf"), (0.1 + 0.2, "0.30000000000000004"),
    ])
    func exact(_ x: Double, _ expected: String) {
        #expect(NumberFormat.exact(x) == expected)
    }
}
