// Helpers shared by the vectorized kernels of CDescentVectorMath (not part of the public header):
// reinterpreting a double's bits, and the run-time CPU checks behind each kernel's dispatch.
#ifndef DESCENT_VECTOR_MATH_INTERNAL_H
#define DESCENT_VECTOR_MATH_INTERNAL_H

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

#endif
