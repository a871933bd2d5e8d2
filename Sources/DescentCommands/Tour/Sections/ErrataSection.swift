// Section 9 of the tour: figures printed wrongly in popular texts, recomputed.
import DescentAutodiff
import DescentCore

/// Errata: where a widely copied text prints a wrong figure, the tour computes the right one by
/// automatic differentiation, confirms it by central finite differences, and shows what the wrong
/// figure would imply.
///
/// The Rosenbrock function f(x, y) = 100(y − x²)² + (1 − x)² has
/// H = [[1200x² − 400y + 2, −400x], [−400x, 200]], so H(1, 1) = [[802, −400], [−400, 200]]. A popular
/// text prints [[1200, −400], [−400, 2]]: that matrix has determinant 2400 − 160000 < 0, an indefinite
/// Hessian, which would make the global minimum (1, 1) a saddle point.
public struct ErrataSection: TourSection {
    public let id = "errata"
    public let title = "Errata: wrong figures in circulation, recomputed"
    public let activity = "recomputing the Rosenbrock Hessian at (1, 1)"

    public init() {}

    public func write(to page: inout TourPage, options: TourOptions) throws {
        let rosenbrock: (Variable) -> Variable = { v in
            let (x, y) = (v[0], v[1])
            return 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x)
        }
        let point = Tensor([1, 1])
        let exact = hessian(of: rosenbrock, at: point)
        let printed: Tensor = [[1200, -400], [-400, 2]]
        // Central differences of the exact gradient: error O(h²) ≈ 1e-6 relative at h = 1e-4 (the
        // third derivatives of f are at most 2400 here).
        let h = 1e-4
        var difference = Tensor.zeros([2, 2])
        for j in 0..<2 {
            var plus = point, minus = point
            plus[j] += h
            minus[j] -= h
            let column = (gradient(of: rosenbrock, at: plus) - gradient(of: rosenbrock, at: minus)) / (2 * h)
            for i in 0..<2 { difference[i, j] = column[i] }
        }
        let gap = largestMagnitude(exact - difference)
        let exactAnalysis = try HessianSpectrum(hessian: exact), printedAnalysis = try HessianSpectrum(hessian: printed)
        let exactSpectrum = exactAnalysis.eigenvalues.scalars, printedSpectrum = printedAnalysis.eigenvalues.scalars
        let matches = largestMagnitude(exact - printed) == 0

        func matrix(_ m: Tensor) -> String {
            "[[\(TourPage.number(m[0, 0])), \(TourPage.number(m[0, 1]))], [\(TourPage.number(m[1, 0])), \(TourPage.number(m[1, 1]))]]"
        }
        page.subheading("The Rosenbrock Hessian at its minimum")
        page.paragraph("""
            f(x, y) = 100(y − x²)² + (1 − x)² has its global minimum at (1, 1), where f = 0. Its Hessian is \
            H = [[1200x² − 400y + 2, −400x], [−400x, 200]]. A popular text prints H(1, 1) = \(matrix(printed)).
            """)
        page.table(header: ["", "H₁₁", "H₁₂", "H₂₂", "eigenvalues", "verdict"], rows: [
            ["automatic differentiation (exact)", .number(exact[0, 0]), .number(exact[0, 1]), .number(exact[1, 1]),
             .text(exactSpectrum.map { TourPage.number($0, digits: 5) }.joined(separator: ", ")), .text(exactAnalysis.classification.rawValue)],
            ["central finite differences, h = 10⁻⁴", .number(difference[0, 0]), .number(difference[0, 1]), .number(difference[1, 1]),
             "", ""],
            ["as printed", .number(printed[0, 0]), .number(printed[0, 1]), .number(printed[1, 1]),
             .text(printedSpectrum.map { TourPage.number($0) }.joined(separator: ", ")), .text(printedAnalysis.classification.rawValue)],
        ])
        page.check("The exact Hessian at (1, 1) is \(matrix(exact)), and finite differences agree to \(TourPage.number(gap, digits: 2))",
                   gap < 1e-3 * largestMagnitude(exact))
        page.check("The printed matrix \(matrix(printed)) is not the Hessian at (1, 1)", !matches)
        page.check("""
            The exact Hessian is positive definite (eigenvalues \(exactSpectrum.map { TourPage.number($0, digits: 5) }.joined(separator: " and ")), \
            κ = \(TourPage.number(exactSpectrum[1] / exactSpectrum[0]))): (1, 1) is a minimum
            """, exactAnalysis.classification == .minimum)
        page.check("""
            The printed matrix has a negative eigenvalue (\(TourPage.number(printedSpectrum[0]))): it would make the minimum a saddle point
            """, printedAnalysis.classification == .saddle)
        // The slip, in numbers: 1200x² alone at (1, 1), without the −400y + 2 the product rule adds, and
        // 2 for ∂²f/∂y² where the factor 100 makes it 2·100.
        let firstTermOnly = 1200.0, missing = exact[0, 0] - firstTermOnly
        page.note("""
            Where the printed figure comes from: 1200x² = \(TourPage.number(firstTermOnly)) alone, without the −400y + 2 that \
            the product rule adds (\(TourPage.number(missing)) at (1, 1), giving \(TourPage.number(exact[0, 0]))), and \
            \(TourPage.number(printed[1, 1])) instead of 2·100 = \(TourPage.number(exact[1, 1])) for ∂²f/∂y².
            """)
        page.fact("hessian_11", exact[0, 0])
        page.fact("hessian_12", exact[0, 1])
        page.fact("hessian_22", exact[1, 1])
        page.fact("lambda_min", exactSpectrum[0])
        page.fact("lambda_max", exactSpectrum[1])
        page.fact("printed_lambda_min", printedSpectrum[0])
        page.fact("finite_difference_gap", gap)
    }

    /// max |mᵢⱼ|.
    private func largestMagnitude(_ m: Tensor) -> Double { m.scalars.map { Swift.abs($0) }.max() ?? 0 }
}
