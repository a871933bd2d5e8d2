"""scikit-learn side of the PCA benchmarks (see pca_cases.py):

  pca_full_1e4x500         PCA(n_components=20, svd_solver="full").fit(X), X 10⁴ × 500
  pca_randomized_1e4x500   PCA(n_components=20, svd_solver="randomized", random_state=0).fit(X)
                           (n_oversamples 10, iterated_power "auto" = 7, as ours)

The check is the sum of the 20 explained variances.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from numpy_peer import case_noop, serve, timed  # noqa: E402


def pca_case(solver):
    def case(d, r, w):
        from sklearn.decomposition import PCA
        x = d("pca_x")
        return timed(r, w, lambda: PCA(n_components=20, svd_solver=solver, random_state=0).fit(x),
                     lambda model: float(model.explained_variance_.sum()))
    return case


CASES = {"noop": case_noop, "pca_full_1e4x500": pca_case("full"), "pca_randomized_1e4x500": pca_case("randomized")}


def info():
    import sklearn
    return {"scikit-learn": sklearn.__version__}


if __name__ == "__main__":
    serve(CASES, info)
