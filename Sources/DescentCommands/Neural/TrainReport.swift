import DescentAutodiff
import DescentCore
import DescentNeural
import DescentPlot

extension TrainCommand {
    /// The readable summary and the JSON object of a training run: the architecture, the parameter
    /// count, one history entry per epoch, the final metrics on the training (and validation) rows.
    static func report(_ result: TrainingResult, network: Sequential, loss: NetworkLoss, x: Tensor, y: Tensor,
                       validationFraction: Double) -> CommandOutput {
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
        let json = JSONValue.record([.architecture: .string(network.description), .parameters: .integer(network.parameterCount),
                                     .history: history, .metrics: metrics, .termination: .string(result.termination.name),
                                     .bestEpoch: result.bestEpoch.map(JSONValue.integer) ?? .null,
                                     .nonFiniteEpoch: result.nonFiniteEpoch.map(JSONValue.integer) ?? .null])

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
        let finalLines = lines
        return CommandOutput(lines: finalLines, json: json)
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
