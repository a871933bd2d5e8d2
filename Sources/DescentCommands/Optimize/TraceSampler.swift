import Descent

/// At most `capacity` entries of a trace, evenly spread over however many iterations a run takes,
/// plus the latest one: what a plot needs, in memory bounded whatever `--max-iter` is.
///
/// Entries whose iteration is a multiple of `stride` are kept; when more than `capacity` are
/// held, every other one is dropped and the stride doubles, so the kept iterations stay evenly
/// spaced (0, s, 2s, …) with s a power of two.
struct TraceSampler {
    let capacity: Int
    private(set) var stride = 1
    private var kept: [TraceEntry] = []
    private var latest: TraceEntry?

    init(capacity: Int = 4096) {
        precondition(capacity >= 2, "TraceSampler: capacity \(capacity) must be at least 2")
        self.capacity = capacity
    }

    mutating func add(_ entry: TraceEntry) {
        latest = entry
        guard entry.iteration % stride == 0 else { return }
        kept.append(entry)
        if kept.count > capacity {
            stride *= 2
            kept = kept.filter { $0.iteration % stride == 0 }
        }
    }

    /// The kept entries in order, ending with the latest.
    var entries: [TraceEntry] {
        guard let latest, kept.last?.iteration != latest.iteration else { return kept }
        return kept + [latest]
    }
}
