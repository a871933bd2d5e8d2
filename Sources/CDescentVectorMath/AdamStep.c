// The fused Adam step behind DescentOptimize's `ScaleByAdam` (one pass over g, m, v and the
// output), vectorized for AVX-512 and AVX2 and chosen at run time like VectorExp.c.
//
// Why C: each element needs one square root and one division, and at the baseline x86-64 target
// the Swift kernel runs them two lanes wide, which makes the step compute-bound (≈ 6 cycles per
// element on Zen 4) rather than memory-bound. Four or eight lanes bring it back to the memory
// limit. The operations and their order are exactly those of the Swift kernel — no FMA
// contraction (intrinsics for every operation; each is correctly rounded) — so every variant
// gives bit-identical results:
//   m ← (1 − β₁)·g + β₁·m,   v ← (1 − β₂)·(g·g) + β₂·v,
//   u = (a·m + b·g) / (√(v·c₂ + ε_root) + ε),   out ← out + u·factor (accumulate) or out ← u.
// Reference: Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015, Algorithm 1.
#include "CDescentVectorMath.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

static inline double adam_one(const double *g, double *m, double *v, ptrdiff_t i, const DescentAdamCoefficients *c) {
    double gi = g[i];
    double mi = (1 - c->beta1) * gi + c->beta1 * m[i];
    double vi = (1 - c->beta2) * (gi * gi) + c->beta2 * v[i];
    m[i] = mi;
    v[i] = vi;
    return (c->a * mi + c->b * gi) / (sqrt(vi * c->inverseCorrection2 + c->epsilonRoot) + c->epsilon);
}

static void adam_baseline(const double *g, double *m, double *v, double *out, ptrdiff_t n,
                          const DescentAdamCoefficients *c, int accumulate) {
    for (ptrdiff_t i = 0; i < n; i++) {
        double u = adam_one(g, m, v, i, c);
        out[i] = accumulate ? out[i] + u * c->factor : u;
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define DESCENT_ADAM_X86 1
#include <immintrin.h>

// One body for both widths: VEC, the intrinsic prefix and the lane count are the only differences.
#define ADAM_BODY(VEC, P, LANES)                                                                   \
    const VEC ob1 = P##_set1_pd(1 - c->beta1), b1 = P##_set1_pd(c->beta1);                         \
    const VEC ob2 = P##_set1_pd(1 - c->beta2), b2 = P##_set1_pd(c->beta2);                         \
    const VEC a = P##_set1_pd(c->a), b = P##_set1_pd(c->b), c2 = P##_set1_pd(c->inverseCorrection2); \
    const VEC er = P##_set1_pd(c->epsilonRoot), eps = P##_set1_pd(c->epsilon), f = P##_set1_pd(c->factor); \
    ptrdiff_t i = 0;                                                                               \
    for (; i + LANES <= n; i += LANES) {                                                           \
        VEC gi = P##_loadu_pd(g + i);                                                              \
        VEC mi = P##_add_pd(P##_mul_pd(ob1, gi), P##_mul_pd(b1, P##_loadu_pd(m + i)));             \
        VEC vi = P##_add_pd(P##_mul_pd(ob2, P##_mul_pd(gi, gi)), P##_mul_pd(b2, P##_loadu_pd(v + i))); \
        P##_storeu_pd(m + i, mi);                                                                  \
        P##_storeu_pd(v + i, vi);                                                                  \
        VEC num = P##_add_pd(P##_mul_pd(a, mi), P##_mul_pd(b, gi));                                \
        VEC den = P##_add_pd(P##_sqrt_pd(P##_add_pd(P##_mul_pd(vi, c2), er)), eps);                \
        VEC u = P##_div_pd(num, den);                                                              \
        if (accumulate) u = P##_add_pd(P##_loadu_pd(out + i), P##_mul_pd(u, f));                   \
        P##_storeu_pd(out + i, u);                                                                 \
    }                                                                                              \
    for (; i < n; i++) {                                                                           \
        double u = adam_one(g, m, v, i, c);                                                        \
        out[i] = accumulate ? out[i] + u * c->factor : u;                                          \
    }

__attribute__((target("avx512f")))
static void adam_avx512(const double *g, double *m, double *v, double *out, ptrdiff_t n,
                        const DescentAdamCoefficients *c, int accumulate) {
    ADAM_BODY(__m512d, _mm512, 8)
}

__attribute__((target("avx")))
static void adam_avx(const double *g, double *m, double *v, double *out, ptrdiff_t n,
                     const DescentAdamCoefficients *c, int accumulate) {
    ADAM_BODY(__m256d, _mm256, 4)
}
#endif

typedef void (*adam_kernel)(const double *, double *, double *, double *, ptrdiff_t, const DescentAdamCoefficients *, int);

static adam_kernel adam_variant(int variant) {
    switch (variant) {
    case 0: return adam_baseline;
#ifdef DESCENT_ADAM_X86
    case 1:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx") ? adam_avx : 0;
    case 2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") ? adam_avx512 : 0;
#endif
    default: return 0;
    }
}

static adam_kernel adam_chosen;

void descent_adam_step(const double *g, double *m, double *v, double *out, ptrdiff_t n,
                       const DescentAdamCoefficients *c, int accumulate) {
    if (n <= 0) return;
    adam_kernel k = __atomic_load_n(&adam_chosen, __ATOMIC_ACQUIRE);
    if (!k) {
        // Concurrent first calls pick the same kernel: a benign race on identical values.
        k = adam_variant(2);
        if (!k) k = adam_variant(1);
        if (!k) k = adam_baseline;
        __atomic_store_n(&adam_chosen, k, __ATOMIC_RELEASE);
    }
    k(g, m, v, out, n, c, accumulate);
}

int descent_adam_step_variant(int variant, const double *g, double *m, double *v, double *out, ptrdiff_t n,
                              const DescentAdamCoefficients *c, int accumulate) {
    adam_kernel k = adam_variant(variant);
    if (!k) return 0;
    if (n > 0) k(g, m, v, out, n, c, accumulate);
    return 1;
}
