"""The PCA rows of the benchmark table (imported by compare.py): DescentLearn's PCA against
scikit-learn's on the same 10⁴ × 500 data, 20 components (see peers/sklearn_pca_peer.py and
Sources/DescentBenchmarks/PCACases.swift). The goal is to be ahead of scikit-learn (ratio ≤ 1).

  pca_full_1e4x500         PCA(components: 20, method: .full) vs PCA(svd_solver="full")
  pca_randomized_1e4x500   PCA(components: 20, method: .randomized()) vs PCA(svd_solver="randomized")
"""
SKLEARN_PCA = "sklearn_pca_peer.py"
PCA_PEER_NAMES = {SKLEARN_PCA: "scikit-learn"}
PCA_CASES = [
    ("pca_full_1e4x500", "PCA(method: .full).fit", SKLEARN_PCA, "PCA(svd_solver=\"full\")", 3, None),
    ("pca_randomized_1e4x500", "PCA(method: .randomized()).fit", SKLEARN_PCA, "PCA(svd_solver=\"randomized\")", 5, None),
]
