import Descent
import Testing
import _TestSupport

/// The promises in the comments of RecurrentStabilityAndLoRA.md's code, checked on the values the
/// article's own blocks compute.
@Suite("RecurrentStabilityAndLoRA article")
struct RecurrentStabilityAndLoRAArticleTests {
    @Test("orthogonal W_hh keeps norm 1, ρ = 1.1 grows as 1.1ᵗ; peft's counts; effective and stable rank")
    func promises() throws {
        let values = try #require(articleSnippets.first { $0.name == "RecurrentStabilityAndLoRA" }).run()
        let kept = try #require(values["kept"] as? RecurrentStability)
        // Products of orthogonal matrices: rounding ~ t·H·ε.
        expectClose(kept.jacobianNorms, [Double](repeating: 1, count: 20), rtol: 1e-13, "‖Qᵗ‖ = 1")
        let grown = try #require(values["grown"] as? RecurrentStability)
        expectClose(grown.jacobianNorms.last!, 6.727499949325611, rtol: 1e-12, "1.1²⁰")
        #expect(values["trainable"] as? Int == 50)
        #expect(values["total"] as? Int == 133)
        #expect(values["effective"] as? Int == 1)
        expectClose(try #require(values["stable"] as? Double), 10.0 / 9, rtol: 1e-14, "Σσ²/σ₁²")
        let merged = try #require(values["merged"] as? Tensor)
        #expect(merged.shape == [83])
    }
}
