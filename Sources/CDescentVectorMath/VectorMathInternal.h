// Helpers shared by the vectorized kernels of CDescentVectorMath (not part of the public header):
// reinterpreting a double's bits, and the run-time choice among a kernel's compiled variants.
#ifndef DESCENT_VECTOR_MATH_INTERNAL_H
#define DESCENT_VECTOR_MATH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

// memcpy rather than a union or pointer cast: defined behaviour, and compiled to a register move
// (or nothing) so loops that use it still vectorize.
static inline uint64_t as_bits(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }
static inline double from_bits(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
// Each kernel is compiled for several instruction sets with `__attribute__((target(...)))` and
// picks one at run time, so that the package needs no compiler flags and runs on any x86-64.
#define DESCENT_X86_DISPATCH 1
#include <immintrin.h>

// __builtin_cpu_supports also requires the OS to save the wider registers (XCR0).
static inline int descent_cpu_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
}

static inline int descent_cpu_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

/// A kernel over a buffer: y[i] = f(x[i]) for i in [0, n).
typedef void (*descent_unary_kernel)(const double *x, double *y, ptrdiff_t n);

/// The compiled variants of one kernel (`avx2` and `avx512` are null where the build has no x86
/// dispatch), indexed as the `*_variant` test entry points number them: 0, 1, 2.
typedef struct {
    descent_unary_kernel baseline, avx2, avx512;
} descent_unary_variants;

/// The variants of a kernel named `baseline`, `avx2` and `avx512`; the last two only exist (and
/// are only named) where the build has x86 dispatch.
#ifdef DESCENT_X86_DISPATCH
#define DESCENT_UNARY_VARIANTS(baseline, avx2, avx512) {baseline, avx2, avx512}
#else
#define DESCENT_UNARY_VARIANTS(baseline, avx2, avx512) {baseline, 0, 0}
#endif

/// The fastest variant this CPU runs, and its name for benchmark reports ("avx512", "avx2+fma",
/// "baseline").
static inline descent_unary_kernel descent_best_variant(descent_unary_variants v, const char **name) {
#ifdef DESCENT_X86_DISPATCH
    if (v.avx512 && descent_cpu_has_avx512()) {
        *name = "avx512";
        return v.avx512;
    }
    if (v.avx2 && descent_cpu_has_avx2_fma()) {
        *name = "avx2+fma";
        return v.avx2;
    }
#endif
    *name = "baseline";
    return v.baseline;
}

/// Runs variant 0 (baseline), 1 (AVX2+FMA) or 2 (AVX-512) whatever the dispatcher would choose,
/// for tests: 1 if it ran, 0 without touching `y` when the CPU or the build lacks it.
static inline int descent_run_variant(descent_unary_variants v, int variant, const double *x, double *y, ptrdiff_t n) {
    descent_unary_kernel k = 0;
    switch (variant) {
    case 0: k = v.baseline; break;
#ifdef DESCENT_X86_DISPATCH
    case 1: k = descent_cpu_has_avx2_fma() ? v.avx2 : 0; break;
    case 2: k = descent_cpu_has_avx512() ? v.avx512 : 0; break;
#endif
    default: break;
    }
    if (!k) return 0;
    k(x, y, n);
    return 1;
}

#endif
