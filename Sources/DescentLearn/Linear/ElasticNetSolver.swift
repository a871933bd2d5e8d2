/// How the lasso and elastic net are solved.
public enum ElasticNetSolver: String, Sendable, CaseIterable, Codable {
    /// Cyclic coordinate descent with gap-safe screening, stopping on the duality gap
    /// (scikit-learn's algorithm and stopping rule, so iteration counts compare). Dense or sparse X.
    case coordinateDescent = "coordinate-descent"
    /// Coordinate descent on a growing working set of features (celer/skglm's strategy), stopped by
    /// the same duality-gap test over all features; epochs count passes over the working set, so
    /// they do not compare with scikit-learn's. Dense, Gram or sparse.
    case workingSets = "working-sets"
    /// FISTA (accelerated proximal gradient, `ProximalGradient` of DescentOptimize) with the
    /// elastic-net prox, stopped by the same duality-gap test (checked every 10 iterations). Dense X only.
    case fista
}
