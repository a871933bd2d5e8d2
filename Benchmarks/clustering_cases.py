"""The clustering rows of the benchmark table (imported by compare.py): DescentLearn's
SpectralClustering against scikit-learn's on the same points (see peers/sklearn_cluster_peer.py).
The goal is to be ahead of scikit-learn (ratio ≤ 1).

  spectral_knn_1e4   10⁴ noisy two-moons points, kNN affinity (10 neighbours), k = 2: the graph,
                     the normalized Laplacian's eigenvectors (ours: Lanczos on the sparse operator;
                     sklearn: ARPACK shift-invert), k-means with 10 starts
"""
SKLEARN_CLUSTER = "sklearn_cluster_peer.py"
CLUSTERING_PEER_NAMES = {SKLEARN_CLUSTER: "scikit-learn"}
CLUSTERING_CASES = [
    ("spectral_knn_1e4", "SpectralClustering(affinity: .nearestNeighbors(count: 10)).fit", SKLEARN_CLUSTER,
     "SpectralClustering(affinity=\"nearest_neighbors\")", 2, None),
]
