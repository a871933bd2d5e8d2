"""Reference values for DescentLearn's principal component analyses (Tests/DescentLearnTests/PCATests.swift).

scikit-learn's PCA (svd_solver "full" and "covariance_eigh"), IncrementalPCA and KernelPCA on the
bundled digits data (load_digits(), exactly DescentLearn's Dataset.digits), and PCA of a seeded
sparse CSR matrix (covariance_eigh, which keeps the matrix sparse). KernelPCA uses
eigen_solver="dense" (LAPACK eigh, as ours) on the first 300 digits so the test stays fast; the
scores of rows 300..309 check transform on unseen points. Sign convention: scikit-learn >= 1.5 flips
each PCA component so that its largest-magnitude entry is positive (svd_flip with
u_based_decision=False), and each KernelPCA eigenvector likewise (svd_flip on the eigenvectors).

Run with the reference venv:  python Tools/references/pca.py
"""
import json
import os

import numpy as np
import scipy
import scipy.sparse
import sklearn
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA, IncrementalPCA, KernelPCA

from reference_json import json_nested

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "DescentLearnTests", "References", "pca.json")
CLI_OUT = os.path.join(ROOT, "Tests", "DescentCommandsTests", "References", "pca_cli.json")


def fitted(model, x, probe):
    return {
        "components": json_nested(model.components_),
        "explained_variance": json_nested(model.explained_variance_),
        "explained_variance_ratio": json_nested(model.explained_variance_ratio_),
        "singular_values": json_nested(model.singular_values_),
        "mean": json_nested(model.mean_),
        "noise_variance": float(model.noise_variance_),
        "transform": json_nested(model.transform(probe)),
    }


def main():
    x = load_digits().data.astype(np.float64)
    probe = x[:5]
    result = {"sklearn_version": sklearn.__version__, "scipy_version": scipy.__version__}

    for solver in ("full", "covariance_eigh"):
        model = PCA(n_components=10, svd_solver=solver).fit(x)
        result[solver] = fitted(model, x, probe)
    white = PCA(n_components=10, svd_solver="full", whiten=True).fit(x)
    result["whitened_transform"] = json_nested(white.transform(probe))

    incremental = IncrementalPCA(n_components=10, batch_size=300).fit(x)
    result["incremental"] = fitted(incremental, x, probe)
    result["incremental"]["batch_size"] = 300

    rng = np.random.default_rng(7)
    sparse = scipy.sparse.random(200, 40, density=0.1, format="csr", random_state=rng, dtype=np.float64)
    sparse.data = np.round(sparse.data * 10, 3)   # short decimals: exact in JSON
    coo = sparse.tocoo()
    model = PCA(n_components=5, svd_solver="covariance_eigh").fit(sparse)
    result["sparse"] = {
        "rows": sparse.shape[0], "columns": sparse.shape[1],
        "row_indices": coo.row.tolist(), "column_indices": coo.col.tolist(), "values": json_nested(coo.data),
        **fitted(model, sparse, sparse[:5]),
    }

    train, unseen = x[:300], x[300:310]
    kernels = {}
    for name, kwargs in (("rbf", {"kernel": "rbf"}), ("poly", {"kernel": "poly"}), ("cosine", {"kernel": "cosine"})):
        model = KernelPCA(n_components=5, eigen_solver="dense", **kwargs)
        scores = model.fit_transform(train)
        kernels[name] = {
            "gamma": float(model.gamma_),
            "eigenvalues": json_nested(model.eigenvalues_),
            "training_scores": json_nested(scores),
            "transform": json_nested(model.transform(unseen)),
        }
    result["kernel"] = kernels

    with open(OUT, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")

    # `descent pca` (Tests/DescentCommandsTests/PCACommandTests.swift): digits, 3 components;
    # breast_cancer standardized (StandardScaler, then PCA), 4 components; kernel PCA of diabetes
    # with the cosine kernel, 3 components, whose "explained variance" is λ/(n − 1).
    from sklearn.datasets import load_breast_cancer, load_diabetes
    from sklearn.preprocessing import StandardScaler
    cli = {}
    model = PCA(n_components=3).fit(x)
    cli["digits"] = {"components": json_nested(model.components_), "explained_variance": json_nested(model.explained_variance_),
                     "explained_variance_ratio": json_nested(model.explained_variance_ratio_)}
    cancer = StandardScaler().fit_transform(load_breast_cancer().data)
    model = PCA(n_components=4).fit(cancer)
    cli["breast_cancer_standardized"] = {"components": json_nested(model.components_),
                                         "explained_variance": json_nested(model.explained_variance_),
                                         "explained_variance_ratio": json_nested(model.explained_variance_ratio_)}
    # scikit-learn's StandardScaler leaves digits' constant (always-0) pixels unscaled: scale_ = 1.
    digits_standardized = StandardScaler().fit_transform(load_digits().data)
    model = PCA(n_components=3).fit(digits_standardized)
    cli["digits_standardized"] = {"components": json_nested(model.components_),
                                  "explained_variance": json_nested(model.explained_variance_),
                                  "explained_variance_ratio": json_nested(model.explained_variance_ratio_)}
    diabetes = load_diabetes().data
    model = KernelPCA(n_components=3, kernel="cosine", eigen_solver="dense").fit(diabetes)
    cli["diabetes_cosine"] = {"eigenvalues": json_nested(model.eigenvalues_),
                              "explained_variance": json_nested(model.eigenvalues_ / (diabetes.shape[0] - 1))}
    with open(CLI_OUT, "w") as f:
        json.dump({"sklearn_version": sklearn.__version__, **cli}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
