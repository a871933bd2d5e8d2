"""igraph (PRPACK) and networkx (SciPy power iteration) side of the PageRank benchmarks (see
pagerank_cases.py). The graph is generated from the same formula as Benchmarks/Sources/
DescentBenchmarks/PageRankCases.swift: edge e goes from splitmix64(2e) mod 0.9n to
splitmix64(2e + 1) mod n, unweighted, repeats summed; the last tenth of the nodes are dangling.

  pagerank_*_power    networkx: `nx.pagerank(G)` on a MultiDiGraph (its SciPy backend: the graph's
                      conversion to a CSR matrix, then the power loop). At 10⁶ nodes / 10⁷ edges the
                      graph takes about 2 minutes to build (not timed) and 4.9 GiB.
  pagerank_1e6x1e7_power_scipy_loop
                      the body of networkx's `_pagerank_scipy` alone on the same CSR matrix
                      (`pagerank_scipy_loop`, copied line for line): networkx without its conversion, a
                      much stronger peer than `nx.pagerank`, shown for reference (no goal)
  pagerank_*_gs/krylov  igraph `Graph.pagerank(implementation="prpack")` (tolerance fixed at 1e-10)

Both stop at ‖Δx‖₁ < n·tol = 1e-10. The check is n·max(x). Only the PageRank call is timed, and
the memory high-water mark is reset once the graph is built (as on our side), so the peak is the
graph plus what PageRank adds.
"""
import numpy as np

from optimize_common import case_noop, main, timed_run

SIZES = {"1e5x1e6": (100_000, 1_000_000), "1e6x1e7": (1_000_000, 10_000_000)}
ALPHA = 0.85


def splitmix(x):
    z = x + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def edges(n, m):
    e = np.arange(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        sources = splitmix(np.uint64(2) * e) % np.uint64(n - n // 10)
        targets = splitmix(np.uint64(2) * e + np.uint64(1)) % np.uint64(n)
    return sources.astype(np.int64), targets.astype(np.int64)


def pagerank_scipy_loop(A, alpha=0.85, tol=1.0e-6, max_iter=100):
    """networkx 3.6 `_pagerank_scipy` after `to_scipy_sparse_array`, defaults (no personalization)."""
    import scipy as sp
    N = A.shape[0]
    S = A.sum(axis=1)
    S[S != 0] = 1.0 / S[S != 0]
    Q = sp.sparse.dia_array((S.T, 0), shape=A.shape).tocsr()
    A = Q @ A
    x = np.repeat(1.0 / N, N)
    p = np.repeat(1.0 / N, N)
    dangling_weights = p
    is_dangling = np.where(S == 0)[0]
    for _ in range(max_iter):
        xlast = x
        x = alpha * (x @ A + sum(x[is_dangling]) * dangling_weights) + (1 - alpha) * p
        err = np.absolute(x - xlast).sum()
        if err < N * tol:
            return x, _ + 1, err
    raise RuntimeError("no convergence")


def reset_peak():
    """Resets VmHWM (Linux: "5" to /proc/self/clear_refs); elsewhere the peak includes construction."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def networkx_case(size, loop_only=False):
    def case(d, r, w):
        import networkx as nx
        import scipy as sp
        n, m = SIZES[size]
        s, t = edges(n, m)
        tol = 1e-10 / n
        if not loop_only:
            graph = nx.MultiDiGraph()
            graph.add_nodes_from(range(n))
            graph.add_edges_from(zip(s.tolist(), t.tolist()))
            del s, t
            reset_peak()

            def run():
                ranks = nx.pagerank(graph, alpha=ALPHA, tol=tol, max_iter=1000, weight=None)
                return n * max(ranks.values()), {}
        else:
            a = sp.sparse.coo_array((np.ones(m), (s, t)), shape=(n, n)).tocsr()
            del s, t
            reset_peak()

            def run():
                x, iterations, err = pagerank_scipy_loop(a, ALPHA, tol, 1000)
                return n * x.max(), {"iterations": iterations, "residual": err}
        return timed_run(r, w, run)
    return case


def igraph_case(size):
    def case(d, r, w):
        import igraph as ig
        n, m = SIZES[size]
        s, t = edges(n, m)
        # A list of pairs converts an order of magnitude faster than a NumPy array (row by row).
        graph = ig.Graph(n=n, edges=list(zip(s.tolist(), t.tolist())), directed=True)
        del s, t
        reset_peak()

        def run():
            ranks = graph.pagerank(directed=True, damping=ALPHA, implementation="prpack")
            return n * max(ranks), {}
        return timed_run(r, w, run)
    return case


CASES = {"noop": case_noop}
for size in SIZES:
    CASES[f"pagerank_{size}_power"] = networkx_case(size)
    CASES[f"pagerank_{size}_gs"] = igraph_case(size)
    CASES[f"pagerank_{size}_krylov"] = igraph_case(size)
CASES["pagerank_1e6x1e7_power_scipy_loop"] = networkx_case("1e6x1e7", loop_only=True)


def info():
    import igraph
    import networkx
    import scipy
    return {"igraph": igraph.__version__, "networkx": networkx.__version__, "scipy": scipy.__version__}


if __name__ == "__main__":
    main(CASES, info)
