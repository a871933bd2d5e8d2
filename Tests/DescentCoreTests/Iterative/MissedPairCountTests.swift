@testable import DescentCore
import Testing

/// The rule that ends a missed-copy round: how many of the deflated operator's pairs join the k found.
/// Exact arithmetic on constructed values (no solver involved), so every expectation is a fact.
@Suite("Missed-pair count")
struct MissedPairCountTests {
    /// k = 6 found values 10, 9, 8, 7, 6, 5 (largest end); separation 1e-6; tolerance 1e-8.
    let found = [5.0, 6, 7, 8, 9, 10]
    func count(_ pairs: [(Double, Double)], sign: Double = 1) -> Int? {
        missedPairCount(pairs.map { RitzEstimate(value: $0.0, estimate: $0.1) }, found: found, count: 6, sign: sign,
                        separation: 1e-6, tolerance: 1e-8)
    }

    @Test("beyond is measured against the merged boundary, not the old sixth value")
    func mergedBoundary() {
        // 9.5 is beyond 5 and joins (the sixth becomes 6); 7.5 is beyond 6 and joins (the sixth becomes 7);
        // 6.5 is not beyond 7, so it ends the round although it is beyond the old boundary 5.
        #expect(count([(9.5, 0), (7.5, 0), (6.5, 1e-9), (5.5, 1)]) == 2)
    }

    @Test("pairs that join and the deciding pair must have converged")
    func convergenceRequired() {
        #expect(count([(9.5, 1e-7), (4, 0)]) == nil, "a joining pair above the tolerance")
        #expect(count([(9.5, 0), (5.9999995, 1e-7)]) == nil, "the deciding pair above the tolerance, its interval reaching t")
        // After a join, the next round certifies: a deciding pair whose residual interval is clear of the
        // boundary (6 once 9.5 joined) settles the count without converging.
        #expect(count([(9.5, 0), (4, 1e-7)]) == 1, "the deciding pair's interval is clear of the boundary")
        #expect(count([(9.5, 0), (5.99, 0.02)]) == nil, "the deciding pair's interval reaches the boundary")
        #expect(count([(4.9, 1e-9), (4, 1)]) == 0, "nothing beyond: certified")
        #expect(count([(4.9, 1e-7), (4, 1)]) == nil, "an unconverged extreme pair certifies nothing")
    }

    @Test("a copy of the boundary value within the separation is not beyond it; all beyond join")
    func ties() {
        #expect(count([(5 + 1e-7, 1e-9)]) == 0)
        #expect(count([(5 + 1e-5, 1e-9)]) == 1)
        #expect(count([(12, 0), (11, 0)]) == 2, "every pair beyond: all join, the next round decides")
    }

    @Test("the smallest end mirrors the largest")
    func smallestEnd() {
        // Found 5 … 10 as the six smallest: 5.5 is beyond 10 and joins (the sixth becomes 9), 8.5 is
        // beyond 9 and joins, 9.5 is not beyond 8.5.
        #expect(count([(5.5, 0), (8.5, 0), (9.5, 1e-9)], sign: -1) == 2)
        #expect(count([(10.5, 1e-9)], sign: -1) == 0)
    }
}
