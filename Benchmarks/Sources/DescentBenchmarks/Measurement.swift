import Foundation

/// Wall-clock timing and memory high-water marks, the two quantities every case reports.
enum Measurement {
    /// Monotonic nanoseconds (CLOCK_MONOTONIC): unaffected by clock adjustments during a run.
    static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// CPU time (user + system, all threads) consumed by this process so far, in milliseconds.
    /// On a shared machine it moves much less with the load than wall time does.
    static func processCPUMilliseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)  // an enum on Glibc, an Int32 elsewhere
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1e3 + Double(t.tv_usec) / 1e3 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
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
