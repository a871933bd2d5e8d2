import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings for autodiff workloads: glibc's allocator keeps large freed
/// buffers for reuse instead of returning them to the kernel after every use.
///
/// A reverse sweep allocates and frees many temporaries of the same size (activations and their
/// cotangents, e.g. 1000 × 32 doubles = 256 KB). With glibc's defaults, blocks above 128 KB are
/// mapped and unmapped with mmap/munmap, and the top of the heap is trimmed once 128 KB is free,
/// so every iteration pays fresh page faults and page clearing. `apply()` raises the mmap threshold
/// to 64 MB and the trim threshold to 256 MB, so that such buffers come from, and return to, the
/// heap's free lists, the way the caching allocators of PyTorch and JAX reuse memory.
///
/// Measured with the release benchmark runner (`DescentBenchmarks run <case> <data> 10 1`, six
/// alternating runs with the settings and six without them, `DESCENT_ALLOCATOR_TUNING=off`; the
/// median of the runs' medians, on a shared 2-core x86-64 machine):
/// - `tanhnet_hvp` (a Hessian–vector product of a 100-32-1 tanh network on 1000 samples): 0.90 ms
///   with the settings, 2.33 ms without; about 60% of the untuned time went to page faults and
///   page clearing.
/// - `rosenbrock2_vg` (value and gradient of a 2-variable function, all buffers far below 128 KB):
///   5.9 µs with, 6.3 µs without, the same within the noise.
///
/// Peak resident memory was the same with and without (26 MiB and 23 MiB for these cases).
///
/// The settings change `malloc` for the whole process, not only for this library, and cost resident
/// memory: up to 256 MB of freed memory may stay mapped. So the library never applies them itself;
/// an executable that runs autodiff workloads opts in once, early, as the `descent` tool and the
/// benchmark runner do:
///
/// ```swift
/// AllocatorTuning.apply()
/// ```
///
/// A no-op on platforms without glibc (macOS's allocator already caches large blocks, and `mallopt`
/// is absent under other C libraries such as musl).
public enum AllocatorTuning {
    /// Applies the settings (once per process; later calls do nothing) and returns whether they are
    /// in effect: `false` without glibc's `mallopt`.
    @discardableResult
    public static func apply() -> Bool { applied }

    /// Whether `apply()` has put the settings into effect in this process.
    public static var isApplied: Bool { lock.withLock { settingsInEffect } }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var settingsInEffect = false   // guarded by `lock`

    // A lazily initialized global: Swift runs the initializer exactly once, whatever the threads.
    private static let applied: Bool = {
        #if canImport(Glibc)
        // Swift's Glibc module does not export <malloc.h>; look `mallopt` up at run time.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        let done = mallopt(mmapThreshold, 64 << 20) == 1 && mallopt(trimThreshold, 256 << 20) == 1
        lock.withLock { settingsInEffect = done }
        return done
        #else
        return false
        #endif
    }()
}
