// Vectorized kernels for DescentCore's element-wise operations (exp, tanh), its compensated
// reductions, and DescentOptimize's fused Adam step; and the one C-library call DescentCore needs
// beyond BLAS/LAPACK, returning freed heap pages to the system (ReturnFreeMemory.c).
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

/// y[i] = tanh(x[i]) for i in [0, n), within 2 ulp of the correctly rounded result (1 ulp
/// measured; Cephes' rational function for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) otherwise; see
/// VectorTanh.c), with
/// tanh(±0) = ±0, tanh(±∞) = ±1 and NaN propagated. Branch-free and vectorized (AVX-512,
/// AVX2+FMA or baseline, chosen at run time like exp). `x` and `y` may be the same array (in
/// place) but must not otherwise overlap.
void descent_vector_tanh(const double *x, double *y, ptrdiff_t n);

/// Runs one compiled variant of the tanh kernel (0 baseline, 1 AVX2+FMA, 2 AVX-512) whatever the
/// dispatcher would choose, for tests. Returns 0 without touching `y` when this machine (or build)
/// lacks the variant, 1 otherwise.
int descent_vector_tanh_variant(int variant, const double *x, double *y, ptrdiff_t n);

/// Compensated (Ogita–Rump–Oishi Sum2/Dot2) accumulation of n elements of x, as an unevaluated
/// pair out[0] + out[1] (out[0] is the rounded sum, out[1] the small remainder), within about one
/// rounding of the exact result (see CompensatedSum.c). `mode`: 0 Σxᵢ; 1 Σ|xᵢ|; 2 Σ(param·xᵢ)²
/// (param a power of two, to rescale); 3 Σ(xᵢ − param)² into out[0..1] and Σ(xᵢ − param) into
/// out[2..3] (`out` then holds 4 values). Single-threaded, in a fixed order.
void descent_compensated_sum(int mode, const double *x, ptrdiff_t n, double param, double *out);

/// Runs one compiled variant of `descent_compensated_sum` (0 baseline, 1 AVX2+FMA, 2 AVX-512),
/// for tests. Returns 0 without touching `out` when this machine (or build) lacks it, 1 otherwise.
int descent_compensated_sum_variant(int variant, int mode, const double *x, ptrdiff_t n, double param, double *out);

/// Adds the rows of a row-major rows × columns block into `sum[j]` (columns values), with the
/// rounding error of every addition (TwoSum) added into `compensation[j]`; the caller forms
/// sum[j] + compensation[j] once all rows are in.
void descent_compensated_column_sums(const double *x, ptrdiff_t rows, ptrdiff_t columns, double *sum, double *compensation);

/// The constants of one Adam step (see AdamStep.c): the decay rates β₁, β₂; m̂ = a·m + b·g (Adam:
/// a = 1/(1 − β₁ᵗ), b = 0; NAdam's look-ahead otherwise); c₂ = 1/(1 − β₂ᵗ); ε_root, ε; and the
/// factor applied to the update when accumulating.
typedef struct {
    double beta1, beta2, a, b, inverseCorrection2, epsilonRoot, epsilon, factor;
} DescentAdamCoefficients;

/// One fused Adam step over n elements: updates the moments m and v in place from the gradient g
/// and writes u = m̂/(√(v·c₂ + ε_root) + ε) to `out` (accumulate = 0) or adds factor·u to it
/// (accumulate ≠ 0). Reads g, m, v (and out when accumulating), writes m, v, out; the arrays must
/// not overlap. Vectorized for AVX-512 or AVX when the CPU has them, bit-identical to the scalar loop.
void descent_adam_step(const double *g, double *m, double *v, double *out, ptrdiff_t n,
                       const DescentAdamCoefficients *c, int accumulate);

/// Runs one compiled variant of the Adam step (0 scalar, 1 AVX, 2 AVX-512) whatever the dispatcher
/// would choose, for tests. Returns 0 without touching the arrays when the machine lacks it.
int descent_adam_step_variant(int variant, const double *g, double *m, double *v, double *out, ptrdiff_t n,
                              const DescentAdamCoefficients *c, int accumulate);

/// Whether `descent_gemm_nn` and `descent_gemm_tn` run on this CPU (they need AVX-512; without
/// it they return 0 without touching C, and the caller uses BLAS).
int descent_gemm_available(void);

/// C = A·B for row-major A (m × k, leading dimension lda), B (k × n, ldb) and C (m × n, ldc),
/// fastest for few columns (n ≤ 64) and B small enough to stay in cache; see NarrowMatrixProduct.c.
/// Rows of C are independent: callers split them across threads by offsetting a and c.
/// Returns 1, or 0 without touching C when the CPU lacks AVX-512.
int descent_gemm_nn(const double *a, ptrdiff_t lda, const double *b, ptrdiff_t ldb, double *c, ptrdiff_t ldc,
                    ptrdiff_t m, ptrdiff_t n, ptrdiff_t k);

/// C = Σ_{first ≤ i < end} A[i, :]ᵀ·B[i, :] for row-major A (rows × p, lda), B (rows × n, ldb) and
/// C (p × n, ldc): the product AᵀB restricted to a range of rows (callers sum the ranges).
/// Returns 1, or 0 without touching C when the CPU lacks AVX-512.
int descent_gemm_tn(const double *a, ptrdiff_t lda, const double *b, ptrdiff_t ldb, double *c, ptrdiff_t ldc,
                    ptrdiff_t p, ptrdiff_t n, ptrdiff_t first, ptrdiff_t end);

/// y = A·x (transpose = 0, y has m elements) or y = Aᵀ·x (transpose ≠ 0, y has n elements) for a
/// row-major m × n A, on one thread with AVX-512 (for matrices small enough that splitting the
/// work costs more than it saves). Returns 0 without touching y when the CPU lacks AVX-512.
int descent_gemv(const double *a, ptrdiff_t lda, const double *x, double *y, ptrdiff_t m, ptrdiff_t n, int transpose);

/// Returns the C library's freed heap pages to the operating system (glibc's malloc_trim(0)), so
/// that the resident size after a phase that freed many large blocks reflects what is still in use.
/// Returns 1 when memory was released, 0 otherwise (and always 0 outside glibc).
int descent_return_free_memory(void);

#endif
