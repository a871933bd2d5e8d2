#if canImport(Glibc)
import Glibc
#endif

/// Keeps glibc's allocator from returning large buffers to the kernel after every use.
///
/// A reverse sweep allocates and frees many temporaries of the same size (activations and their
/// cotangents, e.g. 1000 × 32 doubles = 256 KB). With glibc's defaults, blocks above 128 KB are
/// mapped and unmapped with mmap/munmap, and the top of the heap is trimmed once 128 KB is free,
/// so every iteration pays fresh page faults and page clearing: measured at ~40% of the time of a
/// Hessian–vector product of a 100-32-1 tanh network. Raising the mmap threshold to 64 MB and the
/// trim threshold to 256 MB makes such buffers come from, and return to, the heap's free lists,
/// the way the caching allocators of PyTorch and JAX reuse memory. The cost is resident memory:
/// up to 256 MB of freed memory may stay mapped. Applied once per process, on first use; a no-op
/// on platforms without glibc (macOS's allocator already caches large blocks).
enum AllocatorTuning {
    static let applied: Bool = {
        #if canImport(Glibc)
        // Swift's Glibc module does not export <malloc.h>; look `mallopt` up at run time (absent
        // under other C libraries such as musl, where this does nothing).
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 64 << 20)
        _ = mallopt(trimThreshold, 256 << 20)
        return true
        #else
        return false
        #endif
    }()
}
