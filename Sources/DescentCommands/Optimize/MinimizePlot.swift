import Descent
import Foundation

/// The figure `descent minimize --plot FILE.svg` writes: the loss curve, and for a function of
/// two variables, the path of the iterates over the function's contour lines beside it.
enum MinimizePlot {
    /// Builds the figure from a run's trace, or a sample of it (which must include the iterates for the path).
    static func figure(result: OptimizationResult, trace: [TraceEntry], names: [String],
                       function f: (Variable) -> Variable) -> any Chart {
        let values = trace.map(\.value)
        let iterations = trace.map { Double($0.iteration) }
        // A log axis shows linear convergence as a straight line; it needs positive losses.
        let logScale = !values.isEmpty && values.allSatisfy { $0 > 0 || !$0.isFinite }
        // The title stays short (a chart centres it over its plot area): the termination as its JSON name, in words.
        let loss = LineChart(title: "f(x) per iteration: \(result.termination.name.replacingOccurrences(of: "_", with: " "))", xAxis: Axis("iteration"),
                             yAxis: Axis("f(x)", scale: logScale ? .log10 : .linear),
                             series: [LineChart.Series(name: result.method, x: iterations, y: values)])
        guard names.count == 2 else { return loss }
        let points = trace.compactMap { $0.x }.filter { $0.isFinite }.map { (x: $0.scalars[0], y: $0.scalars[1]) }
        guard !points.isEmpty else { return loss }
        let (xRange, yRange) = window(around: points)
        let positive = values.filter { $0.isFinite }
        let wideRange = (positive.min() ?? 0) >= 0 && (positive.max() ?? 0) > 100 * Swift.max(positive.min() ?? 0, 1e-300)
        let contour = ContourPlot(title: "path over the contours of f", xTitle: names[0], yTitle: names[1],
                                  function: { x, y in f(Variable(Tensor([x, y]))).value.scalars[0] },
                                  xRange: xRange, yRange: yRange, resolution: 161,
                                  levels: wideRange ? .logarithmic(count: 14) : .linear(count: 12),
                                  paths: [ContourPlot.Path(name: result.method, points: points)])
        return ChartRow([loss, contour])
    }

    /// The box around the iterates with a margin of a quarter of its extent (at least 0.5, and at least
    /// 10⁻⁶ of the coordinates' magnitude so that it is not lost to rounding far from 0), so the start,
    /// the end and the contours around them are all visible. Coordinates are clamped to ±10³⁰⁰ first,
    /// as the chart axes do, so the extent stays finite; iterates beyond are clipped at the border.
    static func window(around points: [(x: Double, y: Double)]) -> (ClosedRange<Double>, ClosedRange<Double>) {
        func range(_ values: [Double]) -> ClosedRange<Double> {
            let limit = 1e300
            let lo = Swift.min(Swift.max(values.min()!, -limit), limit)
            let hi = Swift.min(Swift.max(values.max()!, -limit), limit)
            let pad = Swift.max(0.25 * (hi - lo), 0.5, 1e-6 * Swift.max(Swift.abs(lo), Swift.abs(hi)))
            return (lo - pad)...(hi + pad)
        }
        return (range(points.map(\.x)), range(points.map(\.y)))
    }
}
