import DescentCommands
import DescentCore
import DescentNeural
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// `descent train` end to end: the JSON contract against the library run with the same options,
/// the saved weights, the figure, and a one-line error for each bad input.
@Suite("descent train")
struct TrainCommandTests {
    /// Two classes on either side of x₁ + x₂ = 0, a regression target 2x₁ − x₂, 24 rows.
    static let csv: String = {
        var lines = ["x1,x2,label,value"]
        for i in 0..<24 {
            let (a, b) = (Double(i % 6) - 2.5, Double(i / 6) - 1.5)
            lines.append("\(a),\(b),\(a + b > 0 ? 1 : 0),\(2 * a - b)")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("--json reports the history, metrics and parameter count of the library's run, and --save its weights")
    func json() throws {
        let run = try DescentCLI.run(["train", "data.csv", "--target", "label", "--drop", "value", "--task", "classification",
                                      "--hidden", "4", "--activation", "tanh", "--optimizer", "adam", "--lr", "0.05",
                                      "--epochs", "5", "--batch-size", "8", "--seed", "3", "--save", "w.json", "--json"],
                                     files: ["data.csv": Self.csv], reading: ["w.json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["parameters"] as? Int == 2 * 4 + 4 + 4 * 2 + 2)
        #expect(object["termination"] as? String == "epoch_limit")
        let history = try #require(object["history"] as? [[String: Any]])
        #expect(history.count == 5)
        // The same run through the library: the CLI adds nothing but reading and printing.
        let net = try Sequential.perceptron(inputFeatures: 2, hidden: [4], outputs: 2, activation: .tanh)
        let table = try Table(csv: Self.csv, options: TableReadingOptions(target: "label", droppedColumns: ["value"]))
        let result = try train(net, loss: .softmaxCrossEntropy, inputs: table.features, targets: table.target!,
                               from: net.initialParameters(seed: 3),
                               optimizer: chain(addDecayedWeights(0), adam(learningRate: 0.05)),
                               options: TrainingOptions(epochs: 5, batchSize: 8, seed: 3, showsProgress: false))
        for (entry, record) in zip(history, result.history) {
            #expect(entry["epoch"] as? Int == record.epoch)
            // JSON numbers print with 17 significant digits; Foundation reads them back within an ulp or two.
            expectClose(try #require(entry["loss"] as? Double), record.loss, rtol: 1e-15)
            expectClose(try #require(entry["accuracy"] as? Double), record.accuracy!, rtol: 1e-15)
        }
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect(metrics["accuracy"] as? Double != nil && metrics["loss"] as? Double != nil)
        let saved = try #require(run.files["w.json"])
        #expect(try SavedWeights.decode(saved, network: net) == result.parameters)
    }

    @Test("regression by default for a numeric target; --plot draws the loss curves")
    func regressionAndPlot() throws {
        let run = try DescentCLI.run(["train", "data.csv", "--target", "value", "--drop", "label", "--hidden", "8,8",
                                      "--optimizer", "sgd", "--lr", "0.01", "--epochs", "4", "--validation-fraction", "0.25",
                                      "--plot", "loss.svg"],
                                     files: ["data.csv": Self.csv], reading: ["loss.svg"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.hasPrefix("Sequential(2 → Dense(8, bias: true) → Activation(relu) → Dense(8, bias: true) → Activation(relu) → Dense(1, bias: true)): 105 parameters, mean squared error\n"),
                "stdout: \(run.stdout)")
        #expect(run.stdout.contains("  epoch 4: loss ") && run.stdout.contains("; validation loss "))
        #expect(run.stderr.isEmpty, "no progress line when stderr is not a terminal: \(run.stderr)")
        let svg = try #require(run.files["loss.svg"])
        #expect(svg.hasPrefix("<svg") && svg.contains("Loss per epoch") && svg.contains("validation"))
    }

    @Test("bad input: one line on stderr, exit code 1", arguments: [
        (["train", "data.csv", "--target", "label", "--task", "classification", "--hidden", "4,0"],
         "error: layer 2 (Dense(0, bias: true)): the number of units must be at least 1, got 0"),
        (["train", "one.csv", "--target", "label", "--task", "classification"],
         "error: classification needs at least 2 classes in the target, found 1"),
        (["train", "negative.csv", "--target", "label", "--task", "classification"],
         "error: negative.csv: the class label -1 at row 2 is not a class index 0, 1, 2, …"),
        (["train", "data.csv", "--target", "label", "--optimizer", "hessian-free", "--lr", "0.1"],
         "error: --lr does not apply to --optimizer hessian-free (its step length comes from a line search)"),
        (["train", "data.csv", "--target", "label", "--optimizer", "natural", "--weight-decay", "0.1"],
         "error: --weight-decay applies to sgd, momentum, adam, adamw and kfac, not to --optimizer natural"),
        (["train", "data.csv", "--target", "label", "--drop", "value", "--hidden", "2", "--curvature", "--top", "100"],
         "error: asked for the 100 largest and smallest Hessian eigenvalues, but the Hessian is 9 × 9 (at most 9)"),
        (["train", "data.csv"], "error: data.csv: name the target column with --target COL (a CSV file has no default target)"),
        (["train", "data.csv", "--target", "value", "--drop", "label", "--optimizer", "sgd", "--lr", "1e3", "--epochs", "50"],
         "error: training stopped in epoch 5: the loss became NaN or infinite (try a smaller --lr)"),
        (["train", "data.csv", "--target", "label", "--hidden", "4,x"], "Error: --hidden takes comma-separated integer widths such as 64,32, got '4,x'"),
        (["train", "data.csv", "--target", "label", "--top", "3"], "Error: --top applies to --curvature"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let files = ["data.csv": Self.csv, "one.csv": "x,label\n1,0\n2,0\n3,0\n", "negative.csv": "x,label\n1,0\n2,-1\n3,1\n"]
        let run = try DescentCLI.run(arguments, files: files)
        // 1 for an error found while running, 64 (EX_USAGE) for argument-parser's validation.
        #expect(run.status == (message.hasPrefix("Error:") ? 64 : 1))
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == message, "stderr: \(run.stderr)")
    }

    @Test("kfac, natural and hessian-free train through the library's steps; --curvature adds the Hessian's top eigenvalues, trace and density",
          arguments: ["kfac", "natural", "hessian-free"])
    func secondOrder(optimizer: String) throws {
        let run = try DescentCLI.run(["train", "data.csv", "--target", "label", "--drop", "value", "--task", "classification",
                                      "--hidden", "3", "--activation", "tanh", "--optimizer", optimizer, "--epochs", "3",
                                      "--batch-size", "12", "--seed", "2", "--curvature", "--top", "2", "--json"],
                                     files: ["data.csv": Self.csv])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let history = try #require(object["history"] as? [[String: Any]])
        // The same run through the library with the step the CLI documents.
        let net = try Sequential.perceptron(inputFeatures: 2, hidden: [3], outputs: 2, activation: .tanh)
        let table = try Table(csv: Self.csv, options: TableReadingOptions(target: "label", droppedColumns: ["value"]))
        let (x, y) = (table.features, table.target!)
        let options = TrainingOptions(epochs: 3, batchSize: 12, seed: 2, showsProgress: false)
        let theta = net.initialParameters(seed: 2)
        let result: TrainingResult
        switch optimizer {
        case "kfac":
            result = try train(net, loss: .softmaxCrossEntropy, inputs: x, targets: y, from: theta,
                               using: KFACStep(KFACConfiguration(damping: 1e-2, seed: 2),
                                               then: chain(addDecayedWeights(0), sgd(learningRate: 0.003, momentum: 0.9))),
                               options: options)
        case "natural":
            result = try train(net, loss: .softmaxCrossEntropy, inputs: x, targets: y, from: theta,
                               using: NaturalGradientStep(learningRate: 0.02, method: NaturalGradient(damping: 0.1)), options: options)
        default:
            result = try train(net, loss: .softmaxCrossEntropy, inputs: x, targets: y, from: theta, using: HessianFreeStep(), options: options)
        }
        #expect(history.count == 3)
        for (entry, record) in zip(history, result.history) {
            // JSON numbers print with 17 significant digits; Foundation reads them back within an ulp or two.
            expectClose(try #require(entry["loss"] as? Double), record.loss, rtol: 1e-15)
        }
        #expect(result.history.last!.loss < result.history.first!.loss, "\(optimizer) lowers the loss")
        // The curvature report equals the library's summary at the trained weights.
        let summary = try curvatureSummary(of: net, parameters: result.parameters, inputs: x, targets: y, loss: .softmaxCrossEntropy,
                                           top: 2, seed: 2)
        let top = try #require(object["top_eigenvalues"] as? [Double])
        #expect(top.count == 2)
        for (a, b) in zip(top, summary.topEigenvalues) { expectClose(a, b, rtol: 1e-15) }
        let trace = try #require(object["trace"] as? [String: Any])
        expectClose(try #require(trace["estimate"] as? Double), summary.trace.estimate, rtol: 1e-15)
        let density = try #require(object["density"] as? [String: Any])
        #expect((density["grid"] as? [Double])?.count == summary.density.grid.count)
        #expect((density["values"] as? [Double])?.count == summary.density.values.count)
    }

    @Test("an unknown optimizer lists the choices")
    func unknownOptimizer() throws {
        let run = try DescentCLI.run(["train", "data.csv", "--target", "label", "--optimizer", "lbfgs"], files: ["data.csv": Self.csv])
        #expect(run.status != 0)
        // argument-parser's message for a closed choice, as every verb gives it: the first line says what is wrong.
        #expect(run.stderr.hasPrefix("Error: The value 'lbfgs' is invalid for '--optimizer <optimizer>'. Please provide one of the following:\n  - sgd\n"),
                "stderr: \(run.stderr)")
        #expect(run.stderr.contains("  - hessian-free\n"))
    }

    @Test("--resume continues from saved weights; a file of another architecture or a corrupt one is one line")
    func resume() throws {
        let common = ["train", "data.csv", "--target", "label", "--drop", "value", "--task", "classification", "--optimizer", "sgd",
                      "--epochs", "2", "--batch-size", "24"]
        // Two epochs, then two more from the saved weights, equal four epochs in one run: full batches
        // (24 rows) make each epoch one gradient step of stateless SGD, whatever the shuffling (which only
        // reorders the sums: rounding differences of ~1e-16).
        let first = try DescentCLI.run(Array(common) + ["--hidden", "3", "--save", "w.json"], files: ["data.csv": Self.csv], reading: ["w.json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let weights = try #require(first.files["w.json"])
        let second = try DescentCLI.run(Array(common) + ["--hidden", "3", "--resume", "w.json", "--json"],
                                        files: ["data.csv": Self.csv, "w.json": weights])
        let whole = try DescentCLI.run(Array(common.dropLast(4)) + ["--epochs", "4", "--batch-size", "24", "--hidden", "3", "--json"],
                                       files: ["data.csv": Self.csv])
        #expect(second.status == 0 && whole.status == 0, "stderr: \(second.stderr)\(whole.stderr)")
        func finalLoss(_ run: CommandRun) throws -> Double {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            return try #require((object["metrics"] as? [String: Any])?["loss"] as? Double)
        }
        expectClose(try finalLoss(second), try finalLoss(whole), rtol: 1e-12)
        let wrong = try DescentCLI.run(Array(common) + ["--hidden", "5", "--resume", "w.json"], files: ["data.csv": Self.csv, "w.json": weights])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("error: weights file is for another architecture: w.json: the file has Sequential(2 → Dense(3, bias: true) → Activation(relu) → Dense(2, bias: true)), the network is Sequential(2 → Dense(5, bias: true)"),
                "stderr: \(wrong.stderr)")
        let corrupt = try DescentCLI.run(Array(common) + ["--hidden", "3", "--resume", "w.json"], files: ["data.csv": Self.csv, "w.json": "{\"format\": 1"])
        #expect(corrupt.stderr == "error: corrupt weights file: w.json: not a JSON object\n", "the message names the file")
    }

    @Test("weights saved by one run are refused by another architecture, naming both")
    func wrongWeightsFile() throws {
        // The library reads weights; `descent train` writes them. Loading a 4-unit file into an 8-unit network:
        let small = try Sequential.perceptron(inputFeatures: 2, hidden: [4], outputs: 2, activation: .relu)
        let large = try Sequential.perceptron(inputFeatures: 2, hidden: [8], outputs: 2, activation: .relu)
        let text = SavedWeights.encode(small.initialParameters(seed: 1), network: small)
        #expect(throws: NeuralNetworkError.architectureMismatch("the file has \(small), the network is \(large)")) {
            try SavedWeights.decode(text, network: large)
        }
        #expect(NeuralNetworkError.architectureMismatch("x").description == "weights file is for another architecture: x")
    }
}
