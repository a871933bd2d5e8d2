// Section 8 of the tour: the curvature of a small network on the digits, before and after training.
import DescentAutodiff
import DescentCore
import DescentNeural
import DescentOptimize
import DescentPlot

/// Curvature of a network: a 64 → h → 10 tanh perceptron on a seeded subset of the digits, with the
/// mean cross-entropy L(θ) = (1/N) Σᵢ −log softmax(f(θ, xᵢ))_{yᵢ} over N training rows.
///
/// - The Hessian H = ∇²L(θ) (P × P, never formed: exact Hessian–vector products) has the spectral
///   density φ(t) = (1/P) Σᵢ δ(t − λᵢ), estimated by stochastic Lanczos quadrature with Gaussian
///   broadening (a probability density: ∫φ̂ = 1), at θ₀ and after gradient descent.
/// - Gradient descent θ ← θ − η∇L is stable on the quadratic model ½(θ − θ*)ᵀH(θ − θ*) only if
///   ηλmax < 2. On a network, λmax ("sharpness") changes as θ moves; Cohen et al. (ICLR 2021,
///   "Gradient descent on neural networks typically occurs at the edge of stability") observed that
///   it rises until it reaches about 2/η and then hovers there. The section measures λmax along a
///   full-batch run and reports ηλmax/2.
/// - Adam, K-FAC (θ ← θ − η F̃⁻¹∇L with a Kronecker-factored Fisher per layer) and Hessian-free
///   (truncated CG on (G + λI)p = −∇L with the Gauss–Newton G) race from the same θ₀ on the same
///   mini-batches.
/// - The empirical neural tangent kernel Θ = JJᵀ, J = ∂f(θ, X)/∂θ on a small batch (n·10 × n·10),
///   is positive semi-definite; its condition number λmax/λmin says how unevenly gradient descent
///   moves the outputs in function space (df/dt = −ηΘ∇_f L).
/// - Low-rank adaptation W₀ + (α/r)BA of a network pretrained on the digits, fine-tuned to the
///   mirrored digits, against full fine-tuning: accuracy against rank r.
public struct NetworkSection: TourSection {
    public let id = "network"
    public let title = "Curvature of a network"
    public let activity = "training a perceptron on the digits and measuring its Hessian, NTK and LoRA ranks"

    public init() {}

    public func write(to page: inout TourPage, options: TourOptions) throws {
        let size = options.size(full: NetworkTourSize.full, quick: NetworkTourSize.quick)
        let data = DigitsSplit(size: size, seed: options.seed)
        let network = try Sequential.perceptron(inputFeatures: 64, hidden: [size.hidden], outputs: 10, activation: .tanh)
        let theta0 = network.initialParameters(seed: options.seed)
        let (n, p) = (size.trainingRows, network.parameterCount)

        page.paragraph("""
            The network is \(network.description), \(p) parameters, initialized by Glorot's uniform rule; it is \
            trained on \(n) digits (8 × 8 images, grey levels scaled to [0, 1]) drawn at random with seed \
            \(options.seed), and tested on \(size.testRows) others. The loss is the mean cross-entropy over the \
            \(n) training rows. Every Hessian here is the exact one: Lanczos runs on Hessian–vector products \
            computed by automatic differentiation, and the P × P matrix is never formed.
            """)

        // 1. Sharpness along full-batch gradient descent.
        let initial = try curvatureSummary(of: network, parameters: theta0, inputs: data.trainingInputs, targets: data.trainingLabels,
                                           loss: .softmaxCrossEntropy, top: 3, densityProbes: size.densityProbes,
                                           densitySteps: size.densitySteps, seed: options.seed)
        // Gentle: η = 1/λmax(θ₀), so 2/η = 2λmax(θ₀). Edge: 2/η at 90% of the gentle run's peak, so
        // that gradient descent with that η would have to cross 2/η to follow the gentle path.
        let gentle = try SharpnessRun(network: network, from: theta0, data: data, learningRate: 1 / initial.topEigenvalues[0],
                                      measuredSteps: size.measuredSteps, seed: options.seed)
        let edge = try SharpnessRun(network: network, from: theta0, data: data, learningRate: 2 / (0.9 * gentle.sharpness.max()!),
                                    measuredSteps: size.measuredSteps, seed: options.seed)
        let trained = try curvatureSummary(of: network, parameters: edge.parameters, inputs: data.trainingInputs, targets: data.trainingLabels,
                                           loss: .softmaxCrossEntropy, top: 3, densityProbes: size.densityProbes,
                                           densitySteps: size.densitySteps, seed: options.seed)
        let risk = try NetworkRisk(network: network, loss: .softmaxCrossEntropy, inputs: data.trainingInputs, targets: data.trainingLabels)
        let smallest = try [theta0, edge.parameters].map { theta in
            try lanczos(NetworkCurvature(.hessian, of: risk, at: theta), count: 1, which: .smallest,
                        options: IterativeOptions(tolerance: 1e-6, seed: options.seed)).eigenvalues.scalars[0]
        }
        writeDensity(&page, initial: initial, trained: trained, smallest: smallest, steps: size.gradientDescentSteps)
        writeSharpness(&page, gentle: gentle, edge: edge, size: size)

        // 2. The race.
        let race = try RaceRun.race(network: network, from: theta0, data: data, size: size, seed: options.seed)
        writeRace(&page, race, size: size)

        // 3. The NTK at θ₀ and after training.
        let batch = data.trainingInputs.slice(rows: 0..<size.kernelExamples, columns: 0..<64)
        let kernels = try [theta0, edge.parameters].map { theta in
            try NeuralTangentKernel(network: network, parameters: theta, inputs: batch).spectrum().eigenvalues.scalars
        }
        writeKernel(&page, initial: kernels[0], trained: kernels[1], examples: size.kernelExamples)

        // 4. LoRA.
        let adaptation = try AdaptationRun(size: size, seed: options.seed)
        writeAdaptation(&page, adaptation, size: size)
    }

    private func writeDensity(_ page: inout TourPage, initial: CurvatureSummary, trained: CurvatureSummary, smallest: [Double], steps: Int) {
        page.subheading("The Hessian's spectral density, at initialization and after training")
        let peak = Swift.max(initial.density.values.scalars.max() ?? 1, trained.density.values.scalars.max() ?? 1)
        let floor = peak * 1e-6
        let series = [("initialization θ₀", initial.density), ("after \(steps) GD steps", trained.density)].map { name, d in
            LineChart.Series(name: name, x: d.grid.scalars, y: d.values.scalars.map { Swift.max($0, floor) })
        }
        page.figure("density", LineChart(title: "Hessian spectral density",
                                         xAxis: Axis("eigenvalue λ"), yAxis: Axis("density φ(λ)", scale: .log10, range: floor...(peak * 2)),
                                         series: series),
                    caption: """
                        Stochastic Lanczos quadrature (\(initial.density.nodes.count) probes × \(initial.density.nodes[0].count) Lanczos steps), \
                        Gaussian-broadened estimate of φ(λ) = (1/P)Σδ(λ − λᵢ) over all P = \(initial.density.dimension) eigenvalues; \
                        values below 10⁻⁶ of the peak are drawn at the floor.
                        """)
        for (name, summary) in [("initial", initial), ("trained", trained)] {
            page.fact("density_integral_\(name)", summary.density.integral)
            page.fact("lambda_max_\(name)", summary.topEigenvalues[0])
            page.fact("lambda_min_\(name)", smallest[name == "initial" ? 0 : 1])
            page.fact("trace_\(name)", summary.trace.estimate)
        }
        page.check("The Hessian is indefinite at initialization: λmin = \(TourPage.number(smallest[0])) < 0 < λmax = \(TourPage.number(initial.topEigenvalues[0]))",
                   smallest[0] < 0 && initial.topEigenvalues[0] > 0)
        for (name, summary) in [("at initialization", initial), ("after training", trained)] {
            page.check("The density \(name) integrates to \(TourPage.number(summary.density.integral, digits: 6)) over its grid",
                       Swift.abs(summary.density.integral - 1) < 1e-3)
        }
        /// The share of the spectrum within ±5% of λmax around zero: the SLQ weights of the nodes there,
        /// averaged over the probes (each probe's weights estimate the spectral measure).
        func nearZero(_ summary: CurvatureSummary) -> Double {
            let band = 0.05 * summary.topEigenvalues[0]
            var total = 0.0
            for (nodes, weights) in zip(summary.density.nodes, summary.density.weights) {
                for (node, weight) in zip(nodes, weights) where Swift.abs(node) < band { total += weight }
            }
            return total / Double(summary.density.nodes.count)
        }
        let bulk = [nearZero(initial), nearZero(trained)]
        page.fact("near_zero_share_initial", bulk[0])
        page.fact("near_zero_share_trained", bulk[1])
        page.check("""
            Most eigenvalues sit near zero: \(TourPage.number(100 * bulk[0], digits: 3))% of the spectrum at initialization and \
            \(TourPage.number(100 * bulk[1], digits: 3))% after training lie within ±5% of λmax of 0
            """, bulk[0] > 0.5 && bulk[1] > 0.5)
        let relative = [-smallest[0] / initial.topEigenvalues[0], -smallest[1] / trained.topEigenvalues[0]]
        page.paragraph("""
            A few directions carry the curvature. The three largest eigenvalues are \
            \(initial.topEigenvalues.map { TourPage.number($0) }.joined(separator: ", ")) at initialization and \
            \(trained.topEigenvalues.map { TourPage.number($0) }.joined(separator: ", ")) after training (Lanczos); the traces (Hutch++) \
            are \(TourPage.number(initial.trace.estimate)) and \(TourPage.number(trained.trace.estimate)). The smallest eigenvalue \
            (Lanczos) is \(TourPage.number(smallest[0])) at initialization and \(TourPage.number(smallest[1])) after training: \
            −λmin/λmax goes from \(TourPage.number(relative[0], digits: 3)) to \(TourPage.number(relative[1], digits: 3)).
            """)
    }

    private func writeSharpness(_ page: inout TourPage, gentle: SharpnessRun, edge: SharpnessRun, size: NetworkTourSize) {
        page.subheading("Sharpness against 2/η: the edge of stability")
        var series: [LineChart.Series] = []
        for (k, run) in [gentle, edge].enumerated() {
            let steps = run.measuredSteps.map(Double.init), bound = 2 / run.learningRate
            let color = Palette.color(k)
            series.append(.init(name: "λmax, η = \(TourPage.number(run.learningRate, digits: 3))", x: steps, y: run.sharpness, color: color))
            series.append(.init(name: "2/η = \(TourPage.number(bound, digits: 3))", x: [steps.first!, steps.last!], y: [bound, bound],
                                color: color, dash: "6 3"))
        }
        // The sharpening and the return to 2/η happen in the first steps: a zoom on them beside the whole run.
        let zoom = LineChart(title: "The first \(size.denseSteps) steps", xAxis: Axis("step", range: 0...Double(size.denseSteps)),
                             yAxis: Axis("λmax (largest Hessian eigenvalue)"), series: series, showsLegend: false, width: 420)
        let whole = LineChart(title: "All \(size.gradientDescentSteps) steps", xAxis: Axis("step"), yAxis: Axis("λmax"), series: series,
                              width: 620)
        page.figure("sharpness", ChartRow([zoom, whole]),
                    caption: """
                        Full-batch gradient descent on the \(size.trainingRows) training rows from the same θ₀ with two step sizes; λmax \
                        measured by Lanczos every \(size.denseEvery == 1 ? "step" : "\(size.denseEvery) steps") up to step \(size.denseSteps), \
                        then every ten steps.
                        """)
        let gentlePeak = gentle.sharpness.max()!, edgePeak = edge.sharpness.max()!
        let gentlePeakStep = gentle.measuredSteps[gentle.sharpness.firstIndex(of: gentlePeak)!]
        let edgePeakStep = edge.measuredSteps[edge.sharpness.firstIndex(of: edgePeak)!]
        let gentleRatio = gentle.learningRate * gentlePeak / 2
        let ratios = edge.sharpness.map { edge.learningRate * $0 / 2 }
        let tail = ratios[(ratios.count / 2)...]
        let gentlePath = gentlePeakStep > 0
            ? "the sharpness rises to \(TourPage.number(gentlePeak)) by step \(gentlePeakStep) (progressive sharpening), then falls to \(TourPage.number(gentle.sharpness.last!)) as the loss drops"
            : "the sharpness only falls, to \(TourPage.number(gentle.sharpness.last!))"
        let edgePath = edgePeakStep > 0
            ? "its sharpness climbs to \(TourPage.number(edgePeak)) by step \(edgePeakStep), just past the edge (ηλmax/2 = \(TourPage.number(ratios.max()!, digits: 3)))"
            : "it starts past the edge (ηλmax/2 = \(TourPage.number(ratios[0], digits: 3)) at θ₀)"
        page.paragraph("""
            λmax(θ₀) = \(TourPage.number(gentle.sharpness[0])). With η = 1/λmax(θ₀) = \(TourPage.number(gentle.learningRate)), far from \
            the edge, \(gentlePath). The second run takes η = \(TourPage.number(edge.learningRate)), so that 2/η = \
            \(TourPage.number(2 / edge.learningRate)) is 90% of the first run's peak: \(edgePath), and gradient descent, unstable along \
            the top eigenvector there, drives λmax back to 2/η and below: over the second half of the run ηλmax/2 is at most \
            \(TourPage.number(tail.max()!, digits: 3)), and \(TourPage.number(ratios.last!, digits: 3)) at the end. Gradient descent \
            with step η only settles where λmax ≤ 2/η.
            """)
        page.fact("learning_rate_gentle", gentle.learningRate)
        page.fact("learning_rate_edge", edge.learningRate)
        page.fact("sharpness_ratio_gentle_max", gentleRatio)
        page.fact("sharpness_ratio_max", ratios.max()!)
        page.fact("sharpness_ratio_final", ratios.last!)
        page.fact("gd_loss_initial", edge.losses.first!)
        page.fact("gd_loss_final", edge.losses.last!)
        page.check("With η = 1/λmax(θ₀), λmax stays below 2/η: ηλmax/2 ≤ \(TourPage.number(gentleRatio, digits: 3))", gentleRatio < 1)
        page.check("With η = \(TourPage.number(edge.learningRate)), λmax is held near 2/η: ηλmax/2 peaks at \(TourPage.number(ratios.max()!, digits: 3)) and ends at \(TourPage.number(ratios.last!, digits: 3))",
                   ratios.max()! <= 1.25 && ratios.last! <= 1.0)
    }

    private func writeRace(_ page: inout TourPage, _ race: [RaceRun], size: NetworkTourSize) {
        page.subheading("Adam, K-FAC and Hessian-free from the same start")
        page.paragraph("""
            The same network from the same θ₀, \(size.raceEpochs) epochs over the same \(size.trainingRows) rows: Adam (η = 0.01), the \
            first-order baseline; K-FAC (η = 0.1, damping 0.01, sampled Fisher, each dense layer's Fisher block approximated by A ⊗ G, \
            inverses refreshed every 5 steps), which preconditions the gradient with that block-diagonal inverse; and Hessian-free \
            (Gauss–Newton products, at most \(size.hessianFreeIterations) CG iterations per step, Levenberg–Marquardt damping), which \
            solves (G + λI)p = −∇L approximately for each batch.
            """)
        let chart = LineChart(title: "Training loss per epoch", xAxis: Axis("epoch"), yAxis: Axis("mean cross-entropy", scale: .log10),
                              series: race.map { LineChart.Series(name: $0.name, values: $0.epochLosses, style: .lineAndMarkers) })
        page.figure("race", chart, caption: """
                        Epoch 0 is the loss at θ₀ on the \(size.trainingRows) training rows; epoch e the mean batch loss during epoch e \
                        (batches of \(size.raceBatch) for Adam and K-FAC, \(size.hessianFreeBatch) for Hessian-free, in the same shuffled order).
                        """)
        page.table(header: ["method", "final training loss", "test accuracy", "seconds (this run)"],
                   rows: race.map { [.text($0.name), .text(TourPage.number($0.trainingLoss)), .text(TourPage.number($0.testAccuracy, digits: 3)),
                                    .text(TourPage.number($0.seconds, digits: 2))] })
        for run in race {
            page.fact("final_loss_\(run.name.lowercased().replacingOccurrences(of: "-", with: "_"))", run.trainingLoss)
        }
        page.check("Adam and K-FAC see the same first batch from the same θ₀: both measure its loss as \(TourPage.number(race[0].firstStepLoss, digits: 6))",
                   race[0].firstStepLoss == race[1].firstStepLoss)
        for run in race {
            page.check("\(run.name) lowers the training loss from \(TourPage.number(run.epochLosses[0])) to \(TourPage.number(run.trainingLoss))",
                       run.trainingLoss < run.epochLosses[0])
        }
    }

    private func writeKernel(_ page: inout TourPage, initial: [Double], trained: [Double], examples: Int) {
        page.subheading("The neural tangent kernel's spectrum")
        let chart = LineChart(title: "Eigenvalues of Θ = JJᵀ on \(examples) examples", xAxis: Axis("index (largest first)"),
                              yAxis: Axis("eigenvalue", scale: .log10),
                              series: [.init(name: "at initialization", x: initial.indices.map { Double($0 + 1) }, y: initial),
                                       .init(name: "after training", x: trained.indices.map { Double($0 + 1) }, y: trained)])
        page.figure("ntk", chart, caption: "Θ has one row and column per (example, output) pair: \(examples) × 10.")
        let kappa0 = initial.first! / initial.last!, kappa1 = trained.first! / trained.last!
        page.fact("ntk_lambda_max_initial", initial.first!)
        page.fact("ntk_lambda_min_initial", initial.last!)
        page.fact("ntk_condition_initial", kappa0)
        page.fact("ntk_condition_trained", kappa1)
        page.check("Θ is positive semi-definite (smallest eigenvalues \(TourPage.number(initial.last!)) and \(TourPage.number(trained.last!)))",
                   initial.last! > -1e-10 * initial.first! && trained.last! > -1e-10 * trained.first!)
        page.paragraph("""
            Θ = JJᵀ with J = ∂f(θ, X)/∂θ, one row per (example, output) pair, on the first \(examples) training images. Linearized \
            around θ, gradient descent on a squared loss moves the outputs by df = −ηΘ(f − y): the error along the eigenvector of λᵢ \
            shrinks by a factor 1 − ηλᵢ per step (up to the loss's scaling), so the condition number κ(Θ) = λmax/λmin is how many \
            times slower the slowest output direction is learnt than the fastest. Here κ(Θ) = \(TourPage.number(kappa0)) at \
            initialization and \(TourPage.number(kappa1)) after training; λmax \(trained.first! > initial.first! ? "grows" : "shrinks") from \(TourPage.number(initial.first!)) to \
            \(TourPage.number(trained.first!)): the kernel moves as the network learns, which a network in the infinite-width \
            (lazy) limit would not do.
            """)
    }

    private func writeAdaptation(_ page: inout TourPage, _ run: AdaptationRun, size: NetworkTourSize) {
        page.subheading("Low-rank adaptation: accuracy against rank")
        let labels = run.rows.map { $0.rank.map { "r = \($0)" } ?? "full" }
        page.figure("lora", BarChart(title: "Test accuracy on mirrored digits", categories: ["before"] + labels,
                                     values: [run.beforeAdaptingAccuracy] + run.rows.map(\.testAccuracy), xTitle: "adaptation",
                                     yAxis: Axis("test accuracy", range: 0...1)),
                    caption: "Accuracy on the \(size.testRows) mirrored test images, before adaptation, after LoRA of rank r, and after full fine-tuning.")
        page.paragraph("""
            A 64 → \(size.adaptationHidden) → 10 tanh perceptron is trained on the \(size.trainingRows) training digits (Adam, η = 0.01, \
            \(size.pretrainingEpochs) epochs: test accuracy \(TourPage.number(run.pretrainedAccuracy, digits: 3))), then shown the same \
            digits mirrored left to right, where it scores \(TourPage.number(run.beforeAdaptingAccuracy, digits: 3)). It is adapted for \
            \(size.fineTuningEpochs) epochs (Adam, η = 0.01) either by training every weight or by LoRA on both dense layers, \
            W = W₀ + (α/r)·BA with α = 2r and only A and B trained.
            """)
        page.table(header: ["adaptation", "trainable parameters", "test accuracy"],
                   rows: zip(labels, run.rows).map { [.text($0), .number(Double($1.trainable)), .text(TourPage.number($1.testAccuracy, digits: 3))] })
        page.fact("pretrained_accuracy", run.pretrainedAccuracy)
        page.fact("mirrored_accuracy_before", run.beforeAdaptingAccuracy)
        for row in run.rows {
            page.fact(row.rank.map { "lora_accuracy_rank_\($0)" } ?? "full_fine_tuning_accuracy", row.testAccuracy)
        }
        for row in run.rows where row.rank != nil {
            page.check("LoRA of rank \(row.rank!) trains \(row.trainable) = \(row.rank!)·\(run.adapterWidth) parameters and lifts the accuracy from \(TourPage.number(run.beforeAdaptingAccuracy, digits: 3)) to \(TourPage.number(row.testAccuracy, digits: 3))",
                       row.trainable == row.rank! * run.adapterWidth && row.testAccuracy > run.beforeAdaptingAccuracy)
        }
    }
}
