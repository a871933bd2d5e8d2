import Descent
import Foundation

// The Descent side of the performance profiles (Benchmarks/profiles.py drives it together with
// peers/scipy_profile_peer.py): every method of `profileSolvers` on every problem of a set, from the
// standard start, with exact derivatives (autodiff), reporting the final f, the counts and the time.
//
//   DescentBenchmarks profiles run <mgh|large> <dimension> <out.json> [solver,solver,…]
//   DescentBenchmarks profiles plot <curves.json> <out.svg>
//   (and `profiles trace`, `profiles sensitivity`: one problem, see traceProfile and TrustRegionSensitivity.swift)

/// One solver of the profile: a name and how it runs a problem (nil when it does not apply, e.g.
/// Levenberg–Marquardt on a problem that is not a sum of squares).
struct ProfileSolver {
    let name: String
    let run: (TestProblem, OptimizationOptions) throws -> OptimizationResult?
}

/// A solver running `method` on the problem's objective, stopping on ‖∇f‖ ≤ 10⁻⁵ in `gradientNorm`.
func profileSolver<M: OptimizationMethod>(_ name: String, _ method: M, gradientNorm: NormKind = .infinity) -> ProfileSolver {
    ProfileSolver(name: name) { p, options in
        var options = options
        options.gradientNorm = gradientNorm
        return try minimize(p.objective, from: p.start, using: method, options: options)
    }
}

/// The method families of `descent minimize` (and Levenberg–Marquardt on sums of squares). Adding a
/// method to the profile is one line here.
var profileSolvers: [ProfileSolver] {
    [
    profileSolver("gd", GradientDescent()),
    profileSolver("cg", ConjugateGradient()),
    profileSolver("bb", BarzilaiBorwein()),
    profileSolver("bfgs", BFGS()),
    profileSolver("lbfgs", LBFGS()),
    profileSolver("newton", Newton()),
    profileSolver("newton-cg", NewtonCG()),
    // The trust-region methods stop on ‖∇f‖₂ ≤ 10⁻⁵, the test of their SciPy counterparts (trust-ncg,
    // trust-exact and trust-krylov take gtol on the 2-norm): at n = 1000 the ∞-norm test stops up to
    // √n times earlier, short of the f that SciPy's runs set as f_L (Powell singular, QUARTC, penalty 1).
    profileSolver("trust-region", TrustRegion(), gradientNorm: .two),
    profileSolver("trust-region-dogleg", TrustRegion(subproblem: .dogleg), gradientNorm: .two),
    profileSolver("trust-region-exact", TrustRegion(subproblem: .exact), gradientNorm: .two),
    profileSolver("trust-region-krylov", TrustRegion(subproblem: .krylov), gradientNorm: .two),
    ProfileSolver(name: "levenberg-marquardt") { p, options in
        guard let leastSquares = p.leastSquares else { return nil }
        return try minimize(leastSquares.objective, from: p.start, using: LevenbergMarquardt(), options: options)
    },
    ]
}

/// The same limits on both sides (peers/scipy_profile_peer.py): ‖∇f‖∞ ≤ 10⁻⁵ (‖∇f‖₂ for the trust-region
/// methods, as SciPy's), at most 5000 iterations,
/// and a minute per run (a guard for the dense-Hessian methods at large n).
var profileOptions: OptimizationOptions { OptimizationOptions(gradientTolerance: 1e-5, maxIterations: 5000, timeLimit: 60) }

/// The problems of a set: the 35 Moré–Garbow–Hillstrom problems, or the large-scale set at `dimension`.
func profileProblems(_ set: String, dimension: Int) -> [TestProblem] {
    switch set {
    case "mgh": return MoreGarbowHillstrom.all
    case "large": return LargeScaleProblems.all(dimension: dimension)
    default: fail("profiles: unknown problem set \(set) (mgh or large)")
    }
}

/// The problem of a set whose name is `name` or ends with it; `command` names the caller in the error.
func profileProblem(_ set: String, dimension: Int, named name: String, for command: String) -> TestProblem {
    guard let p = profileProblems(set, dimension: dimension).first(where: { $0.name == name || $0.name.hasSuffix(name) })
    else { fail("\(command): no problem \(name) in \(set)") }
    return p
}

/// A JSON number, or the strings "nan"/"inf"/"-inf" that strict JSON cannot hold.
func jsonNumber(_ x: Double) -> Any {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return x
}

/// Runs every solver (or those named in `only`) on every problem of the set and writes the runs as JSON.
func runProfiles(set: String, dimension: Int, output: URL, only: Set<String>? = nil) throws {
    var problems: [[String: Any]] = [], runs: [[String: Any]] = []
    let solvers = profileSolvers.filter { only?.contains($0.name) ?? true }
    if let only, solvers.count != only.count {
        fail("profiles run: unknown solver in \(only.sorted().joined(separator: ",")); known: \(profileSolvers.map(\.name).joined(separator: ","))")
    }
    for p in profileProblems(set, dimension: dimension) {
        let minimum: Any = p.minimum.map(jsonNumber) ?? NSNull()
        problems.append(["name": p.name, "n": p.start.count, "start": p.start.scalars, "f_start": p.objective.value(p.start),
                         "minimum": minimum, "local_minima": p.localMinima])
        for solver in solvers {
            guard let result = try solver.run(p, profileOptions) else { continue }
            runs.append(["problem": p.name, "solver": solver.name, "side": "descent", "f": jsonNumber(result.minimum),
                         "gradient_inf_norm": jsonNumber(result.gradient.norm(.infinity)),
                         "function_evaluations": result.functionEvaluations, "gradient_evaluations": result.gradientEvaluations,
                         "hessian_evaluations": result.hessianEvaluations,
                         "hessian_vector_products": result.hessianVectorProductEvaluations,
                         "iterations": result.iterations, "seconds": result.elapsedSeconds, "termination": result.termination.name])
            FileHandle.standardError.write(Data("\(p.name) \(solver.name): f = \(result.minimum) (\(result.termination.name), \(result.functionEvaluations) f)\n".utf8))
        }
    }
    let data = try JSONSerialization.data(withJSONObject: ["problems": problems, "runs": runs], options: [.sortedKeys])
    try data.write(to: output)
}

/// Prints one run iteration by iteration (f, ‖∇f‖, step, evaluations): the tool for seeing where a method
/// and its SciPy counterpart part ways on one problem. `problem` matches a name or its suffix.
func traceProfile(set: String, dimension: Int, problem: String, solver name: String) throws {
    let p = profileProblem(set, dimension: dimension, named: problem, for: "profiles trace")
    guard let solver = profileSolvers.first(where: { $0.name == name }) else { fail("profiles trace: unknown solver \(name)") }
    var options = profileOptions
    options.callback = { entry in
        print(String(format: "%5d  f = %.16e  |g| = %.3e  step = %.3e  fevals = %d", entry.iteration, entry.value,
                     entry.gradientNorm, entry.stepSize, entry.functionEvaluations))
        return .proceed
    }
    guard let result = try solver.run(p, options) else { fail("profiles trace: \(name) does not apply to \(p.name)") }
    print("\(p.name) \(name): f = \(result.minimum), \(result.termination.name), \(result.functionEvaluations) f, "
          + "\(result.iterations) iterations, |g|∞ = \(result.gradient.norm(.infinity))")
}

/// Draws the profiles computed by profiles.py: one chart per panel (a family of methods), side by side,
/// each with one step function ρₛ(τ) over log₂ τ per solver; Descent solid, SciPy dashed, a method and
/// its SciPy counterpart in one colour.
func plotProfiles(curves input: URL, output: URL) throws {
    guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: input)) as? [String: Any],
          let panels = object["panels"] as? [[String: Any]] else { fail("profiles plot: \(input.path) has no \"panels\" list") }
    let charts: [LineChart] = panels.map { panel in
        let curves = panel["curves"] as? [[String: Any]] ?? []
        let series: [LineChart.Series] = curves.map { curve in
            let name = curve["solver"] as? String ?? "?", side = curve["side"] as? String ?? ""
            return LineChart.Series(name: "\(name) (\(side))", x: curve["log2_tau"] as? [Double] ?? [],
                                    y: curve["fraction"] as? [Double] ?? [], color: Palette.color(curve["color"] as? Int ?? 0),
                                    dash: side == "scipy" ? "6 3" : nil)
        }
        return LineChart(title: panel["title"] as? String ?? "", xAxis: Axis("log₂ τ (cost within τ × the best)"),
                         yAxis: Axis("fraction of problems solved", range: 0...1), series: series,
                         notes: panel["notes"] as? [String] ?? [], width: 660, height: 500)
    }
    try Data(ChartRow(charts).svg().utf8).write(to: output)
}

/// `profiles run …`, `profiles trace …`, `profiles sensitivity …` and `profiles plot …`.
func profilesCommand(_ arguments: [String]) throws {
    switch arguments.first {
    case "run" where arguments.count == 4 || arguments.count == 5:
        guard let dimension = Int(arguments[2]), dimension > 0 else { fail("profiles run: dimension must be a positive integer") }
        let only = arguments.count == 5 ? Set(arguments[4].split(separator: ",").map(String.init)) : nil
        try runProfiles(set: arguments[1], dimension: dimension, output: URL(fileURLWithPath: arguments[3]), only: only)
    case "trace" where arguments.count == 5:
        guard let dimension = Int(arguments[2]), dimension > 0 else { fail("profiles trace: dimension must be a positive integer") }
        try traceProfile(set: arguments[1], dimension: dimension, problem: arguments[3], solver: arguments[4])
    case "sensitivity" where arguments.count == 5:
        guard let dimension = Int(arguments[2]), dimension > 0 else { fail("profiles sensitivity: dimension must be a positive integer") }
        try trustRegionSensitivity(set: arguments[1], dimension: dimension, problem: arguments[3], output: URL(fileURLWithPath: arguments[4]))
    case "plot" where arguments.count == 3:
        try plotProfiles(curves: URL(fileURLWithPath: arguments[1]), output: URL(fileURLWithPath: arguments[2]))
    default:
        fail("usage: DescentBenchmarks profiles run <mgh|large> <dimension> <out.json> [solver,…] | "
             + "profiles trace <mgh|large> <dimension> <problem> <solver> | profiles sensitivity <mgh|large> <dimension> <problem> <out.json> | "
             + "profiles plot <curves.json> <out.svg>")
    }
}
