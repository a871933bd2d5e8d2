import CDescentVectorMath

/// Hands the heap pages that a finished phase freed (the temporaries of a Krylov run, each a vector
/// of n doubles) back to the operating system.
///
/// glibc raises its mmap threshold to the size of each large block freed (up to 32 MiB), so after
/// the first few products every vector-sized temporary comes from the heap, and the pages freed there
/// stay resident: without this, each later phase of an eigensolve (a missed-copy round, the final
/// Rayleigh–Ritz step) added its own temporaries to the process's peak instead of reusing the
/// earlier phase's (on the top six of a 600 × 600 grid Laplacian, 256 MiB against 175 MiB with it).
/// A no-op outside glibc. Costs one walk of the heap's free lists, once per phase.
func returnFreedMemory() {
    _ = descent_return_free_memory()
}
