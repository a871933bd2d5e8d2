import DescentCore

/// The 35 unconstrained test problems of Moré, Garbow and Hillstrom, each a sum of squares
/// f(x) = Σᵢ₌₁ᵐ fᵢ(x)² with the paper's residuals fᵢ, standard starting point x₀ and known minimum f*.
///
/// Problems of fixed size use the paper's n and m. Variable-dimension problems are built at a stated
/// size by their functions (`extendedRosenbrock(dimension:)`, …); `all` uses n = 10 for them (n = 12
/// for the extended Powell singular function, whose n is a multiple of 4; n = m = 8 for Chebyquad;
/// m = 20 for the linear functions), Watson with n = 6, Jennrich–Sampson with m = 10, Gulf with m = 99,
/// Box with m = 10, Brown–Dennis with m = 20 and Biggs EXP6 with m = 13, the sizes for which the paper
/// prints f*. Nonzero minima are the paper's printed values polished to full precision by MINPACK's
/// Levenberg–Marquardt (`Tools/references/mgh_suite.py` checks each against the paper's digits).
///
/// Every problem's objective is written with `Variable` operations, so its gradient, Hessian and
/// Hessian-vector products come from autodiff; `leastSquares` carries the residuals for
/// Levenberg–Marquardt. Names are "mgh" + the paper's two-digit number + a short name
/// ("mgh10-meyer").
///
/// Reference: J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained optimization
/// software", ACM TOMS 7(1), 1981, pp. 17–41.
public enum MoreGarbowHillstrom {
    /// All 35 problems in the paper's order, at the sizes stated above.
    public static var all: [TestProblem] {
        [rosenbrock, freudensteinRoth, powellBadlyScaled, brownBadlyScaled, beale, jennrichSampson(),
         helicalValley, bard, gaussian, meyer, gulfResearchAndDevelopment(), box3D(), powellSingular, wood,
         kowalikOsborne, brownDennis(), osborne1, biggsEXP6(), osborne2, watson(), extendedRosenbrock(),
         extendedPowellSingular(), penaltyI(), penaltyII(), variablyDimensioned(), trigonometric(),
         brownAlmostLinear(), discreteBoundaryValue(), discreteIntegralEquation(), broydenTridiagonal(),
         broydenBanded(), linearFullRank(), linearRankOne(), linearRankOneZeroColumnsAndRows(), chebyquad()]
    }

    /// Problem `number` (1…35) of the paper at the sizes of `all`.
    public static func problem(number: Int) -> TestProblem {
        precondition((1...35).contains(number), "MoreGarbowHillstrom.problem: number must be 1…35, got \(number)")
        return all[number - 1]
    }
}
