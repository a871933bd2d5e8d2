"""The network-curvature rows of the benchmark table (imported by compare.py): Gauss–Newton- and
Hessian-vector products and the top-10 Hessian eigenvalues of an 85 002-parameter MLP
(64-256-256-10, tanh, 512 examples, cross-entropy) against curvlinops + PyTorch float64 on the CPU
and SciPy `eigsh` (see peers/curvlinops_peer.py and
Benchmarks/Sources/DescentBenchmarks/NeuralCurvatureCases.swift). Goal: ratio ≤ 1.
"""
CURVLINOPS = "curvlinops_peer.py"
NEURAL_CURVATURE_PEER_NAMES = {CURVLINOPS: "curvlinops + PyTorch"}
NEURAL_CURVATURE_GOALS = {"mlp1e5_ggn_vp10": 1.0, "mlp1e5_hvp10": 1.0, "mlp1e5_hessian_top10": 1.0}
NEURAL_CURVATURE_CASES = [
    ("mlp1e5_ggn_vp10", "NetworkCurvature(.gaussNewton) + 10 products", CURVLINOPS, "GGNLinearOperator + 10 matvecs", 5, None),
    ("mlp1e5_hvp10", "NetworkCurvature(.hessian) + 10 products", CURVLINOPS, "HessianLinearOperator + 10 matvecs", 5, None),
    ("mlp1e5_hessian_top10", "lanczos(NetworkCurvature(.hessian), count: 10)", CURVLINOPS, "eigsh(H, k=10, which=\"LA\")", 1, None),
]
