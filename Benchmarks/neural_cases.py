"""The neural-network rows of the benchmark table (imported by compare.py): one epoch of training
an MLP with DescentNeural against PyTorch on the CPU, float64 on both sides (see
peers/torch_mlp_peer.py and Sources/DescentBenchmarks/NeuralCases.swift). The goal is to be at
least as fast as PyTorch (ratio ≤ 1).

  mlp_epoch_digits   train(…, epochs: 1) of 64-256-256-10 ReLU, batch 128, Adam, on the digits
"""
TORCH_MLP = "torch_mlp_peer.py"
NEURAL_PEER_NAMES = {TORCH_MLP: "PyTorch"}
NEURAL_GOALS = {"mlp_epoch_digits": 1.0}
NEURAL_CASES = [
    ("mlp_epoch_digits", "train(Sequential 64-256-256-10, adam)", TORCH_MLP, "nn.Sequential + optim.Adam loop", 5, None),
]
