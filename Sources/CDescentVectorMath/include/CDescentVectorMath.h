// Vectorized elementary functions for DescentCore's element-wise kernels.
//
// Table-driven exp with a ≈ 0.51 ulp error bound (glibc's scalar algorithm written as a
// vectorizable loop), compiled for AVX-512, AVX2+FMA and the baseline instruction set and chosen
// at run time; special arguments go to the C library's exp. See VectorExp.c for the algorithm;
// Tests/DescentCoreTests/ElementwiseAccuracyTests.swift checks every variant against
// correctly rounded references.
#ifndef DESCENT_VECTOR_MATH_H
#define DESCENT_VECTOR_MATH_H

#include <stddef.h>

/// y[i] = exp(x[i]) for i in [0, n). `x` and `y` may be the same array (in place) but must not
/// otherwise overlap.
void descent_vector_exp(const double *x, double *y, ptrdiff_t n);

/// Runs one compiled variant of the exp kernel whatever the dispatcher would choose (0 baseline,
/// 1 AVX2+FMA, 2 AVX-512), so tests can check each one the machine supports. Returns 0 without
/// touching `y` when this machine (or build) lacks the variant, 1 otherwise.
int descent_vector_exp_variant(int variant, const double *x, double *y, ptrdiff_t n);

/// The variant `descent_vector_exp` uses on this machine: "avx512", "avx2+fma" or "baseline"
/// (for benchmark reports).
const char *descent_vector_exp_isa(void);

#endif
