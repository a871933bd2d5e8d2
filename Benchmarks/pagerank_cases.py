"""The PageRank rows of the benchmark table (imported by compare.py): DescentLearn's `pageRank`
against igraph's PRPACK and networkx's SciPy power iteration on a generated directed graph (10% of
the nodes dangling), to the same L1 accuracy ‖Δx‖₁ < 1e-10 (see peers/pagerank_peer.py). Goals:
at least as fast as igraph (ratio ≤ 1) and ≥ 20× faster than networkx (ratio ≤ 0.05).

  pagerank_1e5x1e6_*   10⁵ nodes, 10⁶ edges (the default rows)
  pagerank_1e6x1e7_*   10⁶ nodes, 10⁷ edges: the issue's size, only with --cases (about a minute per
                       process pair on the peers' side, 0.8 GB for igraph; networkx's graph takes 2
                       minutes to build and 4.9 GiB, and `nx.pagerank` about a minute).
  pagerank_1e6x1e7_power_scipy_loop
                       the body of networkx's SciPy pagerank on the CSR directly, without the graph's
                       conversion: a much stronger peer than `nx.pagerank`, for reference (no goal).
"""
PAGERANK = "pagerank_peer.py"
PAGERANK_PEER_NAMES = {PAGERANK: "igraph/networkx"}
PAGERANK_GOALS = {"pagerank_1e5x1e6_power": 0.05, "pagerank_1e6x1e7_power": 0.05, "pagerank_1e5x1e6_gs": 1.0,
                  "pagerank_1e5x1e6_krylov": 1.0, "pagerank_1e6x1e7_gs": 1.0, "pagerank_1e6x1e7_krylov": 1.0}
PAGERANK_CASES = [
    ("pagerank_1e5x1e6_power", "pageRank(of:options:) power", PAGERANK, "networkx.pagerank (SciPy)", 3, None),
    ("pagerank_1e5x1e6_gs", "pageRank(of:options:) gauss-seidel", PAGERANK, "igraph pagerank (PRPACK)", 3, None),
    ("pagerank_1e5x1e6_krylov", "pageRank(of:options:) krylov", PAGERANK, "igraph pagerank (PRPACK)", 3, None),
]
PAGERANK_FULL_CASES = [
    ("pagerank_1e6x1e7_power", "pageRank(of:options:) power", PAGERANK, "networkx.pagerank (SciPy)", 1, None),
    ("pagerank_1e6x1e7_power_scipy_loop", "pageRank(of:options:) power", PAGERANK, "networkx _pagerank_scipy loop", 1, None),
    ("pagerank_1e6x1e7_gs", "pageRank(of:options:) gauss-seidel", PAGERANK, "igraph pagerank (PRPACK)", 1, None),
    ("pagerank_1e6x1e7_krylov", "pageRank(of:options:) krylov", PAGERANK, "igraph pagerank (PRPACK)", 1, None),
]
