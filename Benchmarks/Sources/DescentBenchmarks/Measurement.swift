import Foundation

/// Wall-clock timing and memory high-water marks, the two quantities every case reports.
enum Measurement {
    /// Monotonic nanoseconds (CLOCK_MONOTONIC): unaffected by clock adjustments during a run.
    static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Runs `body` `warmup` times untimed, then `repeats` times timed; returns milliseconds per run.
    /// The warm-up pays one-time costs (page faults on first touch of inputs, BLAS thread start)
    /// that the peer pays in its own warm-up too.
    static func time(repeats: Int, warmup: Int, _ body: () -> Double) -> (times: [Double], check: Double) {
        var check = 0.0
        for _ in 0..<warmup { check = body() }
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = nanoseconds()
            check = body()
            let end = nanoseconds()
            times.append(Double(end - start) / 1e6)
        }
        return (times, check)
    }

    /// The process's resident-set high-water mark in MiB (`VmHWM` in /proc/self/status), or −1
    /// where /proc is missing. It includes the runtime, the inputs and every temporary.
    static func peakResidentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kib = line.split(separator: " ").compactMap { Double($0) }.first ?? -1
            return kib / 1024
        }
        return -1
    }
}
