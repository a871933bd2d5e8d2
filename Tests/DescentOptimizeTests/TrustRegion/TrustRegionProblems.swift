import DescentCore
import DescentOptimize

/// The Moré–Garbow–Hillstrom problems that exposed the old trust-region and Newton defaults, under
/// the names Tools/references/trust_region.py gives them in trust_region.json (SciPy's runs).
///
/// Reference: J. J. Moré, B. S. Garbow and K. E. Hillstrom, ACM TOMS 7(1), 1981, problems 4, 10, 17, 18.
enum TrustRegionProblems {
    static var meyer: TestProblem { MoreGarbowHillstrom.meyer }
    static var biggsEXP6: TestProblem { MoreGarbowHillstrom.biggsEXP6() }
    static var osborne1: TestProblem { MoreGarbowHillstrom.osborne1 }
    static var brownBadlyScaled: TestProblem { MoreGarbowHillstrom.brownBadlyScaled }

    /// (name in trust_region.json, problem, known f*).
    static var all: [(name: String, problem: TestProblem, minimum: Double)] {
        [("meyer", meyer, meyer.minimum!), ("biggs-exp6", biggsEXP6, 0), ("osborne1", osborne1, osborne1.minimum!),
         ("brown-badly-scaled", brownBadlyScaled, 0)]
    }
}
