import DescentCore

/// One message size of a ping-pong measurement: the one-way time of a message of `bytes` bytes.
public struct PingPongSample: Sendable, Equatable {
    /// The message length in bytes.
    public let bytes: Int
    /// Half the fastest round-trip time, in seconds: the one-way time t(m).
    public let seconds: Double
}

/// The latency–bandwidth (Hockney) model of point-to-point messages, t(m) = α + m/β, fitted to a
/// ping-pong measurement between ranks 0 and 1.
///
/// It prices the collectives of the distributed methods: a ring allreduce of n doubles over P ranks
/// costs about 2(P − 1)·α + 2(P − 1)/P · 8n/β, recursive doubling ⌈log₂P⌉·(α + 8n/β).
///
/// Reference: R. W. Hockney, "The communication challenge for MPP: Intel Paragon and Meiko CS-2",
/// *Parallel Computing* 20 (1994); R. Thakur, R. Rabenseifner and W. Gropp, "Optimization of
/// collective communication operations in MPICH", *IJHPCA* 19 (2005).
public struct PingPong: Sendable, Equatable {
    /// The measured one-way times, by message size.
    public let samples: [PingPongSample]
    /// The latency α in seconds (the intercept of the least-squares fit of t against m).
    public let latency: Double
    /// The bandwidth β in bytes per second (the inverse of the fit's slope).
    public let bandwidth: Double

    /// Measures ping-pong times between ranks 0 and 1 of `communicator` for each message size
    /// (after one warm-up exchange per size), fits t(m) = α + m/β by least squares of the relative error, and returns the
    /// result on every rank. Ranks other than 0 and 1 only wait at the final broadcast.
    /// - Parameters:
    ///   - communicator: the ranks; 0 and 1 exchange the messages.
    ///   - sizes: message lengths in bytes (≥ 0), e.g. powers of two from 8 B to 4 MiB.
    ///   - repetitions: round trips per size (≥ 1); the time is half the fastest (robust to preemption on a shared machine).
    /// - Throws: `CommunicatorError.mismatch` with fewer than two ranks or fewer than two sizes;
    ///   `CommunicatorError` when MPI fails.
    public static func measure(on communicator: Communicator, sizes: [Int], repetitions: Int) throws -> PingPong {
        guard communicator.size >= 2 else {
            throw CommunicatorError.mismatch(operation: "PingPong.measure", detail: "needs 2 ranks, the communicator has \(communicator.size)")
        }
        guard Set(sizes).count >= 2 else {
            throw CommunicatorError.mismatch(operation: "PingPong.measure", detail: "needs at least two different message sizes to fit α and β")
        }
        precondition(repetitions >= 1 && sizes.allSatisfy { $0 >= 0 }, "PingPong.measure: repetitions \(repetitions) and sizes must be positive")
        var times = [Double](repeating: 0, count: sizes.count)
        let clock = ContinuousClock()
        try communicator.barrier()
        if communicator.rank <= 1 {
            let partner = 1 - communicator.rank
            for (index, size) in sizes.enumerated() {
                let message = [UInt8](repeating: 0x5A, count: size)
                // The fastest round trip, not the mean: on a shared machine one preempted round trip
                // would otherwise dominate a small message's time and can turn the fitted 1/β negative.
                var fastest = Duration.seconds(Int64.max)
                for repetition in 0...repetitions {
                    let start = clock.now
                    if communicator.rank == 0 {
                        try communicator.send(message, to: partner)
                        _ = try communicator.receive(count: size, from: partner)
                    } else {
                        _ = try communicator.receive(count: size, from: partner)
                        try communicator.send(message, to: partner)
                    }
                    if repetition > 0 { fastest = min(fastest, clock.now - start) }  // the first round trip warms up
                }
                let seconds = Double(fastest.components.seconds) + Double(fastest.components.attoseconds) * 1e-18
                times[index] = seconds / 2
            }
        }
        try communicator.broadcast(&times, root: 0)
        let samples = zip(sizes, times).map { PingPongSample(bytes: $0, seconds: $1) }
        // Least squares of the relative error, Σ ((α + m·s − t)/t)² with s = 1/β: small messages
        // (which fix α) and large ones (which fix β) weigh alike; a plain fit would let the largest
        // message's noise swamp α. Weighted normal equations of a straight line, weights 1/t².
        var sw = 0.0, swm = 0.0, swt = 0.0, swmm = 0.0, swmt = 0.0
        for (size, time) in zip(sizes.map(Double.init), times) where time > 0 {
            let w = 1 / (time * time)
            sw += w; swm += w * size; swt += w * time; swmm += w * size * size; swmt += w * size * time
        }
        let determinant = sw * swmm - swm * swm
        let slope = (sw * swmt - swm * swt) / determinant
        let intercept = (swt - slope * swm) / sw
        return PingPong(samples: samples, latency: intercept, bandwidth: 1 / slope)
    }
}
