import DescentCore
import Foundation
import Testing

@Suite("JSON string literals")
struct JSONStringTests {
    @Test func escapesWhatJSONRequiresAndKeepsTheRest() {
        #expect(JSONString.quoted("a\"b\\c\nd\re\tf\u{1}g\u{1F}é/∇") == "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fé/∇\"")
        #expect(JSONString.quoted("") == "\"\"")
    }

    @Test func roundTripsThroughAJSONParser() throws {
        let text = "quote \" backslash \\ newline \n bell \u{7} nul \u{0} θ ∈ ℝ² 🙂"
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(JSONString.quoted(text))]".utf8)) as? [String]
        #expect(parsed == [text])
    }
}
