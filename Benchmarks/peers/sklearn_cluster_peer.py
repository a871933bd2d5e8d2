"""scikit-learn side of the clustering benchmark (see clustering_cases.py):

  spectral_knn_1e4   SpectralClustering(n_clusters=2, affinity="nearest_neighbors", n_neighbors=10,
                     random_state=0) on 10⁴ noisy two-moons points (noise width 0.5), generated here
                     from splitmix64 exactly as Benchmarks/Sources/DescentBenchmarks/ClusteringCases.swift

The check is the adjusted Rand index of the labels against the moon of each point; it agrees with
ours within 0.01, not to 1e-6 (k-means' local minima: see clustering_cases.py).
"""
import math
import warnings

import numpy as np

from optimize_common import case_noop, main, timed_run

POINTS, NOISE = 10_000, 0.5
MASK = (1 << 64) - 1


def hashed_uniform(k):
    z = (k + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    z ^= z >> 31
    return (z >> 11) * 2.0**-53


def hashed_moons(n, noise):
    x, moon = np.empty((n, 2)), np.arange(n) % 2
    for i in range(n):
        a = math.pi * hashed_uniform(3 * i)
        u, v = hashed_uniform(3 * i + 1) - 0.5, hashed_uniform(3 * i + 2) - 0.5
        lower = i % 2 == 1
        x[i, 0] = (1 - math.cos(a) if lower else math.cos(a)) + noise * u
        x[i, 1] = (0.5 - math.sin(a) if lower else math.sin(a)) + noise * v
    return x, moon


def spectral_case(d, r, w):
    from sklearn.cluster import SpectralClustering
    from sklearn.metrics import adjusted_rand_score
    x, moon = hashed_moons(POINTS, NOISE)

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            labels = SpectralClustering(n_clusters=2, affinity="nearest_neighbors", n_neighbors=10, random_state=0).fit(x).labels_
        return float(adjusted_rand_score(moon, labels)), {}
    return timed_run(r, w, run)


CASES = {"noop": case_noop, "spectral_knn_1e4": spectral_case}


def info():
    import sklearn
    return {"scikit-learn": sklearn.__version__}


if __name__ == "__main__":
    main(CASES, info)
