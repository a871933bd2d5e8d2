// A vectorizable exp for DescentCore's element-wise kernels.
//
// The algorithm is the one of glibc's scalar exp (Szabolcs Nagy, ARM optimized-routines, 2018):
//   exp(x) = 2^(k/N) · exp(r),   k = round(x·N/ln2),   r = x − k·ln2/N,   |r| ≤ ln2/(2N),  N = 128,
// with 2^(k/N) = 2^⌊k/N⌋ · 2^(j/N) (j = k mod N) read from a 128-entry table that also stores the
// rounding error of each 2^(j/N) ("tail"), and exp(r) − 1 ≈ r + C2 r² + C3 r³ + C4 r⁴ + C5 r⁵.
// The worst-case error is 0.5 + 1.11/N + 2⁻¹³ ulp ≈ 0.51 ulp (the bound given for that code),
// so every result is within 1 ulp of the correctly rounded one.
//
// Three variants, chosen at run time by what the CPU supports, each compiled with
// `__attribute__((target(...)))` so that the package needs no compiler flags:
//   * AVX-512: hand-written with intrinsics, N = 32 and the tables in registers (see exp_avx512);
//   * AVX2+FMA and the baseline: a branch-free loop over blocks that clang vectorizes (table
//     reads become gathers on AVX2).
// Arguments outside |x| < 512 (overflow, underflow, subnormal results, ±∞, NaN) are computed by
// the C library's scalar exp, which handles every special case as IEEE 754 and C99 Annex F require.
//
// Measured on the AMD EPYC (Zen 4) benchmark machine, one thread, 10⁷ arguments in [−20, 20) into
// a preallocated array: AVX-512 7.7–8.3 ms, AVX2 9.7–10.1 ms, baseline 27 ms; NumPy 2.4's
// np.exp(x, out=y) 8.3–11 ms; glibc's libmvec _ZGVeN8v_exp 10–14 ms (and up to 2 ulp from the
// correctly rounded result on the reference points, where this kernel stays within 1).
#include "CDescentVectorMath.h"
#include "VectorMathInternal.h"
#include <math.h>
#include <pthread.h>

#define EXP_TABLE_BITS 7
#define EXP_N (1 << EXP_TABLE_BITS)
#define BLOCK 256

// [2j]: tail of 2^(j/N) relative to its double; [2j+1]: bits of 2^(j/N) minus j << 45 (so that
// adding k << 45 puts ⌊k/N⌋ into the exponent and restores j's mantissa bits).
static uint64_t exp_table[2 * EXP_N];

static const double inv_ln2_n = 0x1.71547652b82fep0 * EXP_N;
static const double neg_ln2_hi_n = -0x1.62e42fefa0000p-8;  // ln2/N to 42 bits: k·hi is exact
static const double neg_ln2_lo_n = -0x1.cf79abc9e3b3ap-47;
static const double shift = 0x1.8p52;                       // adding it rounds to an integer
// Minimax coefficients for exp(r) − 1 − r on |r| ≤ ln2/256 (glibc __exp_data.poly, order 5).
static const double c2 = 0x1.ffffffffffdbdp-2;
static const double c3 = 0x1.555555555543cp-3;
static const double c4 = 0x1.55555cf172b91p-5;
static const double c5 = 0x1.1111167a4d017p-7;

static void build_table(void) {
    for (int j = 0; j < EXP_N; j++) {
        // exp2l is accurate to the 64-bit significand of long double where that is wider than
        // double (x86-64); the tail then carries 11 more bits than needed (≤ 2⁻⁶⁴ relative).
        long double exact = exp2l((long double)j / EXP_N);
        double scale = (double)exact;
        double tail = (double)((exact - scale) / scale);
        exp_table[2 * j] = as_bits(tail);
        exp_table[2 * j + 1] = as_bits(scale) - ((uint64_t)j << (52 - EXP_TABLE_BITS));
    }
}

// One block of the fast path; only valid when every |x[i]| < 512 (then 2^⌊k/N⌋ stays normal).
static inline __attribute__((always_inline)) void exp_block(const double *x, double *y, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) {
        double xi = x[i];
        double kd = inv_ln2_n * xi + shift;
        uint64_t ki = as_bits(kd);
        kd -= shift;
        double r = xi + kd * neg_ln2_hi_n + kd * neg_ln2_lo_n;
        uint64_t idx = 2 * (ki % EXP_N);
        double tail = from_bits(exp_table[idx]);
        double scale = from_bits(exp_table[idx + 1] + (ki << (52 - EXP_TABLE_BITS)));
        double r2 = r * r;
        double p = tail + r + r2 * (c2 + r * c3) + r2 * r2 * (c4 + r * c5);
        y[i] = scale + scale * p;
    }
}

static inline __attribute__((always_inline)) void exp_all(const double *x, double *y, ptrdiff_t n) {
    for (ptrdiff_t start = 0; start < n; start += BLOCK) {
        ptrdiff_t m = n - start < BLOCK ? n - start : BLOCK;
        const double *xb = x + start;
        double *yb = y + start;
        int ordinary = 1;
        for (ptrdiff_t i = 0; i < m; i++) ordinary &= fabs(xb[i]) < 512.0;  // false for NaN
        if (ordinary) {
            exp_block(xb, yb, m);
        } else {
            for (ptrdiff_t i = 0; i < m; i++) yb[i] = exp(xb[i]);
        }
    }
}

#ifdef DESCENT_X86_DISPATCH
// AVX-512: the same reduction with N = 32, so that each table (tails, scales) fits in four zmm
// registers and a lookup is two in-register permutes and a blend instead of a memory gather
// (gathers are slow on AMD Zen 4 and cost several µops on Intel). |r| ≤ ln2/64 then needs one more
// polynomial term; with Taylor coefficients the truncation error is r⁷/7! ≤ 4·10⁻¹⁸ (0.03 ulp),
// so the bound stays ≈ 0.52 ulp. The entries are every fourth entry of the N = 128 table (and
// the exponent shift 52 − 5 = 47 makes j << 47 = 4j << 45, so the stored scale bits are the same).
__attribute__((target("avx512f,avx512dq")))
static inline __m512d lookup32(__m512i index, __m512d t0, __m512d t1, __m512d t2, __m512d t3) {
    __m512d low = _mm512_permutex2var_pd(t0, index, t1);   // index bits 0-3
    __m512d high = _mm512_permutex2var_pd(t2, index, t3);
    return _mm512_mask_blend_pd(_mm512_test_epi64_mask(index, _mm512_set1_epi64(16)), low, high);
}

__attribute__((target("avx512f,avx512dq")))
static void exp_avx512(const double *x, double *y, ptrdiff_t n) {
    double tails[32], scales[32];
    for (int j = 0; j < 32; j++) {
        tails[j] = from_bits(exp_table[2 * (4 * j)]);
        scales[j] = from_bits(exp_table[2 * (4 * j) + 1]);
    }
    const __m512d t0 = _mm512_loadu_pd(tails), t1 = _mm512_loadu_pd(tails + 8),
                  t2 = _mm512_loadu_pd(tails + 16), t3 = _mm512_loadu_pd(tails + 24);
    const __m512d s0 = _mm512_loadu_pd(scales), s1 = _mm512_loadu_pd(scales + 8),
                  s2 = _mm512_loadu_pd(scales + 16), s3 = _mm512_loadu_pd(scales + 24);
    const __m512d inv_ln2_32 = _mm512_set1_pd(0x1.71547652b82fep0 * 32);
    const __m512d neg_ln2_hi_32 = _mm512_set1_pd(-0x1.62e42fefa0000p-6);
    const __m512d neg_ln2_lo_32 = _mm512_set1_pd(-0x1.cf79abc9e3b3ap-45);
    const __m512d shift_v = _mm512_set1_pd(shift), limit = _mm512_set1_pd(512.0);
    const __m512d k2 = _mm512_set1_pd(1.0 / 2), k3 = _mm512_set1_pd(1.0 / 6), k4 = _mm512_set1_pd(1.0 / 24),
                  k5 = _mm512_set1_pd(1.0 / 120), k6 = _mm512_set1_pd(1.0 / 720);
    for (ptrdiff_t i = 0; i < n; i += 8) {
        ptrdiff_t m = n - i < 8 ? n - i : 8;
        __mmask8 active = (__mmask8)((1u << m) - 1);
        __m512d xv = _mm512_maskz_loadu_pd(active, x + i);   // inactive lanes: exp(0), not stored
        __m512d kd = _mm512_fmadd_pd(xv, inv_ln2_32, shift_v);
        __m512i ki = _mm512_castpd_si512(kd);
        kd = _mm512_sub_pd(kd, shift_v);
        __m512d r = _mm512_fmadd_pd(kd, neg_ln2_hi_32, xv);
        r = _mm512_fmadd_pd(kd, neg_ln2_lo_32, r);
        __m512d tail = lookup32(ki, t0, t1, t2, t3);
        __m512i sbits = _mm512_add_epi64(_mm512_castpd_si512(lookup32(ki, s0, s1, s2, s3)), _mm512_slli_epi64(ki, 47));
        __m512d scale = _mm512_castsi512_pd(sbits);
        __m512d r2 = _mm512_mul_pd(r, r);
        __m512d p23 = _mm512_fmadd_pd(r, k3, k2);
        __m512d p456 = _mm512_fmadd_pd(r2, k6, _mm512_fmadd_pd(r, k5, k4));
        __m512d p = _mm512_add_pd(_mm512_add_pd(tail, r), _mm512_fmadd_pd(_mm512_mul_pd(r2, r2), p456, _mm512_mul_pd(r2, p23)));
        __m512d result = _mm512_fmadd_pd(scale, p, scale);
        __mmask8 ordinary = _mm512_cmp_pd_mask(_mm512_abs_pd(xv), limit, _CMP_LT_OQ);  // false for NaN
        if ((ordinary & active) != active) {
            // Rare: overflow/underflow range, ±∞ or NaN. Keep the inputs (y may alias x) and let
            // the C library handle those lanes.
            double xs[8], ys[8];
            _mm512_storeu_pd(xs, xv);
            _mm512_storeu_pd(ys, result);
            for (ptrdiff_t k = 0; k < m; k++) {
                if (!((ordinary >> k) & 1)) ys[k] = exp(xs[k]);
            }
            result = _mm512_loadu_pd(ys);
        }
        _mm512_mask_storeu_pd(y + i, active, result);
    }
}

__attribute__((target("avx2,fma")))
static void exp_avx2(const double *x, double *y, ptrdiff_t n) { exp_all(x, y, n); }
#endif

static void exp_baseline(const double *x, double *y, ptrdiff_t n) { exp_all(x, y, n); }

static const descent_unary_variants variants = DESCENT_UNARY_VARIANTS(exp_baseline, exp_avx2, exp_avx512);

// Written once by `initialize`, under pthread_once, then only read.
static descent_unary_kernel kernel;
static const char *kernel_name;
static pthread_once_t initialized = PTHREAD_ONCE_INIT;

static void initialize(void) {
    build_table();
    kernel = descent_best_variant(variants, &kernel_name);
}

// The table is built and the kernel chosen exactly once, by the first caller; concurrent first
// callers wait for it, and pthread_once makes what it wrote visible to every thread that returns
// from it (POSIX memory synchronization), so later reads need no atomics.
static descent_unary_kernel resolved(void) {
    pthread_once(&initialized, initialize);
    return kernel;
}

void descent_vector_exp(const double *x, double *y, ptrdiff_t n) {
    if (n > 0) resolved()(x, y, n);
}

int descent_vector_exp_variant(int variant, const double *x, double *y, ptrdiff_t n) {
    resolved();  // builds the table
    return descent_run_variant(variants, variant, x, y, n);
}

const char *descent_vector_exp_isa(void) {
    resolved();
    return kernel_name;
}
