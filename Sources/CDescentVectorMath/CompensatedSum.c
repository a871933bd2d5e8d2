// Compensated sums for DescentCore's reductions (sum, mean, variance, the 1- and 2-norms, sums
// along an axis): each result is as accurate as if it had been accumulated in twice the working
// precision and then rounded once.
//
// Method: Ogita, Rump & Oishi, "Accurate sum and dot product", SIAM J. Sci. Comput. 26 (2005),
// algorithms Sum2 and Dot2. Every addition s + v is made error-free by Knuth's TwoSum
// (t = s + v, e = (s − (t − z)) + (v − z) with z = t − s, exactly s + v = t + e), every square by
// TwoProduct (p = y·y, e = fma(y, y, −p), or Dekker's splitting where there is no FMA), and the
// errors are summed separately and added at the end. Error bound (Sum2):
//     |result − Σ| ≤ ε|Σ| + γ²_{n} Σ|vᵢ|,  ε = 2⁻⁵³, γₙ = nε/(1 − nε),
// so the result is within about one rounding of the exact sum unless the sum cancels by a factor
// near 10¹⁶ or more. Sums of squares and of magnitudes never cancel: their results are within
// ε(1 + nε) relative of the exact ones.
//
// LANES independent accumulators (16: two AVX-512 vectors, four AVX2, eight SSE2) hide the
// latency of the additions and let clang vectorize the lane loop under each target attribute;
// they are combined with TwoSum as well, so the bound holds whatever the lane count. No
// -ffast-math here: reassociation would remove the error terms. Single-threaded and in a fixed
// order, so a result does not depend on the number of cores. Measured on 10⁷ standard normal
// elements (one thread, AVX-512): see Benchmarks/Sources/DescentBenchmarks/ReductionCases.swift.
#include "CDescentVectorMath.h"
#include "VectorMathInternal.h"
#include <math.h>

#define LANES 16

static inline __attribute__((always_inline)) void two_sum(double a, double b, double *sum, double *error) {
    double t = a + b;
    double z = t - a;
    *error = (a - (t - z)) + (b - z);
    *sum = t;
}

// The rounding error of p = a·a, exactly: a·a − p. Dekker's splitting (no FMA) is exact for
// |a| < 2⁹⁹⁶; larger inputs give a non-finite sum, which the caller rescales.
static inline __attribute__((always_inline)) double square_error(double a, double p, int use_fma) {
    if (use_fma) return __builtin_fma(a, a, -p);
    double t = 134217729.0 * a;  // 2²⁷ + 1
    double high = t - (t - a);
    double low = a - high;
    return ((high * high - p) + 2.0 * high * low) + low * low;
}

enum { SUM = 0, MAGNITUDES = 1, SQUARES = 2, CENTERED = 3 };

// One element into lane l: (s, c) gets the main quantity, (s2, c2) the centred deviation (CENTERED only).
static inline __attribute__((always_inline)) void step(int mode, int use_fma, double v, double param,
                                                       double *s, double *c, double *s2, double *c2) {
    double e;
    switch (mode) {
    case SUM:
        two_sum(*s, v, s, &e);
        *c += e;
        break;
    case MAGNITUDES:
        two_sum(*s, fabs(v), s, &e);
        *c += e;
        break;
    case SQUARES: {
        double y = v * param;  // param is a power of two: exact unless the product underflows
        double p = y * y;
        double pe = square_error(y, p, use_fma);
        two_sum(*s, p, s, &e);
        *c += e + pe;
        break;
    }
    default: {  // CENTERED: d = v − param exactly as dh + dl, d² = dh² + 2·dh·dl + dl²
        double dh, dl;
        two_sum(v, -param, &dh, &dl);
        double p = dh * dh;
        double pe = square_error(dh, p, use_fma) + dh * (2.0 * dl);
        two_sum(*s, p, s, &e);
        *c += e + pe;
        two_sum(*s2, dh, s2, &e);
        *c2 += e + dl;
        break;
    }
    }
}

static inline __attribute__((always_inline)) void combine(const double *s, const double *c, double *out) {
    double total = 0, error = 0, e;
    for (int l = 0; l < LANES; l++) {
        two_sum(total, s[l], &total, &e);
        error += e + c[l];
    }
    two_sum(total, error, &out[0], &out[1]);
}

static inline __attribute__((always_inline)) void accumulate(int mode, int use_fma, const double *x, ptrdiff_t n,
                                                             double param, double *out) {
    double s[LANES] = {0}, c[LANES] = {0}, s2[LANES] = {0}, c2[LANES] = {0};
    ptrdiff_t i = 0;
    for (; i + LANES <= n; i += LANES) {
        _Pragma("clang loop vectorize(enable)")
        for (int l = 0; l < LANES; l++) step(mode, use_fma, x[i + l], param, &s[l], &c[l], &s2[l], &c2[l]);
    }
    for (int l = 0; i < n; i++, l++) step(mode, use_fma, x[i], param, &s[l], &c[l], &s2[l], &c2[l]);
    combine(s, c, out);
    if (mode == CENTERED) combine(s2, c2, out + 2);
}

static inline __attribute__((always_inline)) void accumulate_any(int use_fma, int mode, const double *x, ptrdiff_t n,
                                                                 double param, double *out) {
    switch (mode) {
    case SUM: accumulate(SUM, use_fma, x, n, param, out); break;
    case MAGNITUDES: accumulate(MAGNITUDES, use_fma, x, n, param, out); break;
    case SQUARES: accumulate(SQUARES, use_fma, x, n, param, out); break;
    default: accumulate(CENTERED, use_fma, x, n, param, out); break;
    }
}

// Column sums of a rows × columns block, accumulated into (sum, compensation): vectorized along
// the columns, one TwoSum per element.
static inline __attribute__((always_inline)) void accumulate_rows(const double *x, ptrdiff_t rows, ptrdiff_t columns,
                                                                  double *sum, double *compensation) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        const double *row = x + r * columns;
        _Pragma("clang loop vectorize(enable)")
        for (ptrdiff_t j = 0; j < columns; j++) {
            double e;
            two_sum(sum[j], row[j], &sum[j], &e);
            compensation[j] += e;
        }
    }
}

typedef void (*sum_kernel)(int mode, const double *x, ptrdiff_t n, double param, double *out);
typedef void (*rows_kernel)(const double *x, ptrdiff_t rows, ptrdiff_t columns, double *sum, double *compensation);

#ifdef DESCENT_X86_DISPATCH
__attribute__((target("avx512f,avx512dq,fma")))
static void sum_avx512(int mode, const double *x, ptrdiff_t n, double param, double *out) { accumulate_any(1, mode, x, n, param, out); }
__attribute__((target("avx2,fma")))
static void sum_avx2(int mode, const double *x, ptrdiff_t n, double param, double *out) { accumulate_any(1, mode, x, n, param, out); }
__attribute__((target("avx512f,avx512dq")))
static void rows_avx512(const double *x, ptrdiff_t rows, ptrdiff_t columns, double *sum, double *compensation) {
    accumulate_rows(x, rows, columns, sum, compensation);
}
__attribute__((target("avx2,fma")))
static void rows_avx2(const double *x, ptrdiff_t rows, ptrdiff_t columns, double *sum, double *compensation) {
    accumulate_rows(x, rows, columns, sum, compensation);
}
#endif
static void sum_baseline(int mode, const double *x, ptrdiff_t n, double param, double *out) { accumulate_any(0, mode, x, n, param, out); }
static void rows_baseline(const double *x, ptrdiff_t rows, ptrdiff_t columns, double *sum, double *compensation) {
    accumulate_rows(x, rows, columns, sum, compensation);
}

// 0 baseline, 1 AVX2+FMA, 2 AVX-512; -1 = the best this CPU runs. Null when unavailable.
static sum_kernel sum_variant(int variant) {
#ifdef DESCENT_X86_DISPATCH
    if (variant == 2 || (variant < 0 && descent_cpu_has_avx512())) return descent_cpu_has_avx512() ? sum_avx512 : 0;
    if (variant == 1 || (variant < 0 && descent_cpu_has_avx2_fma())) return descent_cpu_has_avx2_fma() ? sum_avx2 : 0;
#endif
    return variant <= 0 ? sum_baseline : 0;
}

static rows_kernel rows_variant(void) {
#ifdef DESCENT_X86_DISPATCH
    if (descent_cpu_has_avx512()) return rows_avx512;
    if (descent_cpu_has_avx2_fma()) return rows_avx2;
#endif
    return rows_baseline;
}

static sum_kernel best_sum;
static rows_kernel best_rows;

void descent_compensated_sum(int mode, const double *x, ptrdiff_t n, double param, double *out) {
    out[0] = out[1] = 0;
    if (mode == CENTERED) out[2] = out[3] = 0;
    if (n <= 0) return;
    sum_kernel k = __atomic_load_n(&best_sum, __ATOMIC_RELAXED);
    if (!k) {
        k = sum_variant(-1);  // concurrent first calls pick the same kernel: a benign race
        __atomic_store_n(&best_sum, k, __ATOMIC_RELAXED);
    }
    k(mode, x, n, param, out);
}

int descent_compensated_sum_variant(int variant, int mode, const double *x, ptrdiff_t n, double param, double *out) {
    sum_kernel k = sum_variant(variant);
    if (!k) return 0;
    out[0] = out[1] = 0;
    if (mode == CENTERED) out[2] = out[3] = 0;
    if (n > 0) k(mode, x, n, param, out);
    return 1;
}

void descent_compensated_column_sums(const double *x, ptrdiff_t rows, ptrdiff_t columns, double *sum, double *compensation) {
    if (rows <= 0 || columns <= 0) return;
    rows_kernel k = __atomic_load_n(&best_rows, __ATOMIC_RELAXED);
    if (!k) {
        k = rows_variant();
        __atomic_store_n(&best_rows, k, __ATOMIC_RELAXED);
    }
    k(x, rows, columns, sum, compensation);
}
