import Foundation

/// How many collectives a communicator ran and how many bytes this rank contributed to them,
/// by operation, for cost models and the "bytes communicated per iteration" of a scaling study.
///
/// `payloadBytes` is what this rank handed to MPI (8 per double of an allreduce, the counts and
/// elements of a gather); what travels on the wire depends on MPI's algorithm, e.g. about
/// 2(P − 1)/P times the payload per rank for a ring allreduce. A rank-ordered sum
/// (`ReductionOrder.rankOrdered`) is counted as the allgather it is. The counts belong to one
/// communicator value and its copies (`Communicator.world` makes a new value each time).
public struct CollectiveTraffic: Sendable, Equatable {
    /// Collectives started, by operation name (`allreduce`, `allgather`, `allgatherv`, `broadcast`, `barrier`).
    public var calls: [String: Int] = [:]
    /// Bytes contributed by this rank, by operation name.
    public var payloadBytes: [String: Int] = [:]

    /// No traffic.
    public init() {}

    /// All calls, whatever the operation.
    public var totalCalls: Int { calls.values.reduce(0, +) }
    /// All payload bytes, whatever the operation.
    public var totalPayloadBytes: Int { payloadBytes.values.reduce(0, +) }
}

/// The counters shared by a communicator and its copies (a reference, so that a copy made by
/// `withCollectiveTimeout` counts into the same totals). MPI is used from one thread, but the lock
/// keeps the counters sound if a caller reads them from another.
final class TrafficCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var traffic = CollectiveTraffic()

    func record(_ operation: String, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        traffic.calls[operation, default: 0] += 1
        traffic.payloadBytes[operation, default: 0] += bytes
    }

    var value: CollectiveTraffic {
        lock.lock()
        defer { lock.unlock() }
        return traffic
    }

    func reset() {
        lock.lock()
        defer { lock.unlock() }
        traffic = CollectiveTraffic()
    }
}
