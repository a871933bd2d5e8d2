import DescentAutodiff
import DescentCore
import Foundation
import Testing

/// The allocator settings change malloc for the whole process, so they are the executable's choice:
/// no computation of the library applies them (each check runs in a fresh process).
@Suite("Allocator tuning")
struct AllocatorTuningTests {
    @Test("reverse sweeps, batched sweeps and Hessian–vector products leave the allocator alone")
    func libraryNeverApplies() async {
        await #expect(processExitsWith: .success) {
            let f: (Variable) -> Variable = { x in (tanh(x) * x).sum() + (x * x).sum() }
            let x = Tensor(shape: [300], { Double($0) / 100 - 1 })   // 2.4 KB buffers; sizes do not matter here
            _ = gradient(of: f, at: x)
            _ = hessian(of: f, at: Tensor([0.5, -1, 2]))
            _ = hessianVectorProduct(of: f, at: x, direction: x)
            exit(AllocatorTuning.isApplied ? 1 : 0)
        }
    }

    @Test("apply() puts the settings into effect once and says so; later calls change nothing")
    func explicitOptIn() async {
        await #expect(processExitsWith: .success) {
            let applied = AllocatorTuning.apply()
            guard applied == AllocatorTuning.isApplied, AllocatorTuning.apply() == applied else { exit(1) }
            #if canImport(Glibc)
            // glibc's mallopt accepts both settings; a sanitizer's allocator replaces it with a no-op.
            let sanitized = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil
                || dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil
            exit(applied || sanitized ? 0 : 2)
            #else
            exit(applied ? 2 : 0)
            #endif
        }
    }
}
