@testable import DescentCommands
import Descent
import Testing

/// The plot's sample of a trace stays bounded and evenly spread, whatever the run's length.
@Suite("Trace sampler")
struct TraceSamplerTests {
    static func entry(_ k: Int) -> TraceEntry {
        TraceEntry(iteration: k, x: nil, value: Double(k), gradientNorm: 0, stepSize: 0,
                   functionEvaluations: k, gradientEvaluations: k, elapsedSeconds: 0)
    }

    @Test("at most capacity + 1 entries, evenly spaced by a power of two, ending with the latest")
    func boundedAndEven() {
        var sampler = TraceSampler(capacity: 100)
        for k in 0...1_000_000 { sampler.add(Self.entry(k)) }
        let kept = sampler.entries.map(\.iteration)
        #expect(kept.count <= 101 && kept.count > 50)
        #expect(kept.first == 0 && kept.last == 1_000_000)
        let gaps = Set(zip(kept.dropLast(), kept.dropFirst().dropLast()).map { $1 - $0 })
        #expect(gaps == [sampler.stride] && sampler.stride.nonzeroBitCount == 1, "gaps \(gaps)")
    }

    @Test("a short run is kept whole")
    func shortRun() {
        var sampler = TraceSampler(capacity: 100)
        for k in 0..<40 { sampler.add(Self.entry(k)) }
        #expect(sampler.entries.map(\.iteration) == Array(0..<40))
    }
}
