import DescentAutodiff
import DescentCore
import DescentNeural
import DescentPlot

extension TrainCommand {
    /// The readable summary and the JSON object of a training run: the architecture, the parameter
    /// count, one history entry per epoch, the final metrics on the training (and validation) rows.
    /// With `curvature`, the Hessian's top eigenvalues, Hutch++ trace and SLQ density are added
    /// (`top_eigenvalues`, `trace`, `density`).
    static func report(_ result: TrainingResult, network: Sequential, loss: NetworkLoss, x: Tensor, y: Tensor,
                       validationFraction: Double, curvature: CurvatureSummary? = nil) -> CommandOutput {
        let n = x.shape[0]
        let validationCount = Int((validationFraction * Double(n)).rounded(.up))
        let trainingRows = Array(0..<(n - validationCount)), validationRows = Array((n - validationCount)..<n)
        func scores(_ rows: [Int]) -> (loss: Double, accuracy: Double?) {
            let (xs, ys) = (x.gatherRows(rows), y.gatherRows(rows))
            let outputs = network.outputs(result.parameters, xs)
            let value = loss(Variable(outputs), ys).scalar
            guard loss == .softmaxCrossEntropy else { return (value, nil) }
            return (value, classificationAccuracy(outputs, labels: ys))
        }
        let training = scores(trainingRows)
        let validation = validationRows.isEmpty ? nil : scores(validationRows)

        func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        let history = JSONValue.array(result.history.map { record in
            .record([.epoch: .integer(record.epoch), .loss: .number(record.loss), .accuracy: optional(record.accuracy),
                     .validationLoss: optional(record.validationLoss), .validationAccuracy: optional(record.validationAccuracy)])
        })
        let metrics = JSONValue.record([.loss: .number(training.loss), .accuracy: optional(training.accuracy),
                                        .validationLoss: optional(validation?.loss), .validationAccuracy: optional(validation?.accuracy)])
        var json = JSONValue.record([.architecture: .string(network.description), .parameters: .integer(network.parameterCount),
                                     .history: history, .metrics: metrics, .termination: .string(result.termination.name),
                                     .bestEpoch: result.bestEpoch.map(JSONValue.integer) ?? .null,
                                     .nonFiniteEpoch: result.nonFiniteEpoch.map(JSONValue.integer) ?? .null])
        if let curvature, case .object(let fields) = json, case .object(let added) = JSONValue.record([
            .topEigenvalues: .array(curvature.topEigenvalues.map(JSONValue.number)),
            .eigensolverTermination: .string(curvature.eigensolverTermination.name),
            .trace: .record([.estimate: .number(curvature.trace.estimate), .standardError: .number(curvature.trace.standardError)]),
            .density: .record([.grid: .array(curvature.density.grid.scalars.map(JSONValue.number)),
                               .values: .array(curvature.density.values.scalars.map(JSONValue.number))]),
        ]) {
            json = .object(fields + added)
        }

        var lines = ["\(network.description): \(network.parameterCount) parameters, \(loss.name.replacingOccurrences(of: "_", with: " "))",
                     "stopped: \(result.termination) after \(result.iterations) epoch\(result.iterations == 1 ? "" : "s")"
                         + (result.termination == .earlyStopped ? " (best epoch \(result.bestEpoch ?? 0) kept)" : "")]
        for record in result.history {
            var line = "  epoch \(record.epoch): loss \(NumberFormat.readable(record.loss))"
            if let a = record.accuracy { line += ", accuracy \(NumberFormat.readable(a))" }
            if let v = record.validationLoss { line += "; validation loss \(NumberFormat.readable(v))" }
            if let a = record.validationAccuracy { line += ", accuracy \(NumberFormat.readable(a))" }
            lines.append(line)
        }
        var final = "final: loss \(NumberFormat.readable(training.loss))"
        if let a = training.accuracy { final += ", accuracy \(NumberFormat.readable(a))" }
        if let validation {
            final += "; validation loss \(NumberFormat.readable(validation.loss))"
            if let a = validation.accuracy { final += ", accuracy \(NumberFormat.readable(a))" }
        }
        lines.append(final)
        if let curvature {
            lines.append("Hessian at the final weights: top eigenvalues "
                         + curvature.topEigenvalues.map { NumberFormat.readable($0) }.joined(separator: ", ")
                         + " (\(curvature.eigensolverTermination)); trace ≈ \(NumberFormat.readable(curvature.trace.estimate))"
                         + " ± \(NumberFormat.readable(curvature.trace.standardError))")
        }
        let finalLines = lines, finalJSON = json
        return CommandOutput(lines: finalLines, json: finalJSON)
    }

    /// The spectral density of the Hessian (stochastic Lanczos quadrature, Gaussian-broadened): the
    /// bulk near zero and the outliers, on a log scale of density so both show.
    static func densityChart(_ summary: CurvatureSummary) -> any Chart {
        let grid = summary.density.grid.scalars, values = summary.density.values.scalars
        // Floor the density at a small fraction of its peak so the log axis shows the outliers' bumps.
        let floor = (values.max() ?? 1) * 1e-8
        return LineChart(title: "Hessian spectral density (SLQ)", xAxis: Axis("eigenvalue"),
                         yAxis: Axis("density", scale: .log10),
                         series: [LineChart.Series(name: "density", x: grid, y: values.map { Swift.max($0, floor) }, style: .line)])
    }

    /// The training (and validation) loss per epoch, on a log scale when every loss is positive.
    static func lossCurves(_ result: TrainingResult) -> any Chart {
        let epochs = result.history.map { Double($0.epoch) }
        var series = [LineChart.Series(name: "training", x: epochs, y: result.history.map(\.loss), style: .lineAndMarkers)]
        if result.history.contains(where: { $0.validationLoss != nil }) {
            series.append(LineChart.Series(name: "validation", x: epochs, y: result.history.map { $0.validationLoss ?? .nan },
                                           style: .lineAndMarkers))
        }
        let positive = series.allSatisfy { $0.y.allSatisfy { $0 > 0 } }
        return LineChart(title: "Loss per epoch (\(result.termination))", xAxis: Axis("epoch"),
                         yAxis: Axis("loss", scale: positive ? .log10 : .linear), series: series)
    }
}
