"""The logistic-regression rows of the benchmark table (imported by compare.py): whole fits of
DescentLearn's LogisticRegression against scikit-learn and celer on the same data and C values
(see peers/sklearn_logistic_peer.py). The goal is to be ahead of scikit-learn (ratio ≤ 1).

  logistic_l2_*_1e5x100   L2, C = 0.01, tol 1e-4, X 10⁵ × 100: our L-BFGS vs sklearn lbfgs, our
                          Newton vs sklearn newton-cholesky
  logistic_l1_path_*      the L1 path (10 C values, no intercept, X 2000 × 500, warm starts): ours
                          (proximal Newton, tol 1e-6 on the optimality violation) vs liblinear,
                          saga and celer
"""
SKLEARN_LOGISTIC = "sklearn_logistic_peer.py"
LOGISTIC_PEER_NAMES = {SKLEARN_LOGISTIC: "sklearn/celer"}
LOGISTIC_CASES = [
    ("logistic_l2_lbfgs_1e5x100", "LogisticRegression(solver: .lbfgs).fit", SKLEARN_LOGISTIC, "LogisticRegression(solver=\"lbfgs\")", 3, None),
    ("logistic_l2_newton_1e5x100", "LogisticRegression(solver: .newton).fit", SKLEARN_LOGISTIC, "LogisticRegression(solver=\"newton-cholesky\")", 3, None),
    ("logistic_l1_path_liblinear", "LogisticRegression(penalty: .l1).fitPath", SKLEARN_LOGISTIC, "liblinear, 10 C values", 1, None),
    ("logistic_l1_path_saga", "LogisticRegression(penalty: .l1).fitPath", SKLEARN_LOGISTIC, "saga (warm_start), 10 C values", 1, None),
    ("logistic_l1_path_celer", "LogisticRegression(penalty: .l1).fitPath", SKLEARN_LOGISTIC, "celer.LogisticRegression, 10 C values", 1, None),
]
