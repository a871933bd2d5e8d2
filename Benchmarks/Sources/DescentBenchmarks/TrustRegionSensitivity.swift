import Descent
import Foundation

// How the exact trust region's end point on one problem depends on its settings: the first radius Δ₀
// and the tolerances (σ_easy, σ_hard) of the Moré–Sorensen subproblem, the same grid that
// tools/trust_exact_sensitivity.py runs for SciPy's trust-exact. On a problem with many local minima
// (the trigonometric function at n = 1000) it shows which local minimum each setting reaches.
//
//   DescentBenchmarks profiles sensitivity <mgh|large> <dimension> <problem> <out.json>

/// The first radii of the grid; nil is Descent's automatic Δ₀ (SciPy's default is 1).
let sensitivityRadii: [Double?] = [nil, 1, 0.5, 0.1, 0.01, 0.004]
/// (σ_easy, σ_hard): SciPy's and Descent's defaults, then ten and a hundred times tighter.
let sensitivityTolerances: [(easy: Double, hard: Double)] = [(0.1, 0.2), (0.01, 0.02), (0.001, 0.002)]

/// Runs `TrustRegion(subproblem: .exact)` over the grid with the profile's limits and writes one record per run.
func trustRegionSensitivity(set: String, dimension: Int, problem: String, output: URL) throws {
    let p = profileProblem(set, dimension: dimension, named: problem, for: "profiles sensitivity")
    var options = profileOptions
    options.gradientNorm = .two
    var runs: [[String: Any]] = []
    for tolerances in sensitivityTolerances {
        for radius in sensitivityRadii {
            let method = TrustRegion(subproblem: .exact, initialRadius: radius,
                                     exactSolver: ExactTrustRegionSolver(boundaryTolerance: tolerances.easy, hardCaseTolerance: tolerances.hard))
            let result = try minimize(p.objective, from: p.start, using: method, options: options)
            runs.append(["initial_radius": radius.map { $0 as Any } ?? "automatic", "boundary_tolerance": tolerances.easy,
                         "hard_case_tolerance": tolerances.hard, "f": jsonNumber(result.minimum),
                         "function_evaluations": result.functionEvaluations, "termination": result.termination.name])
        }
    }
    let record: [String: Any] = ["problem": p.name, "start": p.start.scalars, "f_start": p.objective.value(p.start), "runs": runs]
    try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .prettyPrinted]).write(to: output)
}
