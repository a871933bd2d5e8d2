"""The K-FAC row of the benchmark table (imported by compare.py): one K-FAC step of a
64-256-256-10 tanh MLP on 128 rows against kfac-jax (peers/kfac_jax_peer.py describes the
settings, identical on both sides: the exact Fisher, inverses every step). Goal: ours/peer ≤ 1.5 (issue 12)."""
KFAC_JAX = "kfac_jax_peer.py"
KFAC_PEER_NAMES = {KFAC_JAX: "kfac-jax"}
KFAC_CASES = [
    ("kfac_step_mlp", "kfac(learningRate:momentum:configuration:).step", KFAC_JAX, "kfac_jax.Optimizer.step (jit)", 20, None),
]
KFAC_GOALS = {"kfac_step_mlp": 1.5}
