import DescentAutodiff
import DescentCore
import DescentNeural
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// Measured facts about the curvature of trained networks, on problems small enough to run in a
/// second: the bulk-and-outliers spectrum of a classifier and progressive sharpening to the edge of
/// stability under full-batch gradient descent.
@Suite("Curvature facts")
struct CurvatureFactsTests {
    /// C Gaussian classes in d dimensions: means 3·(random unit-ish vectors), unit noise; m per class.
    static func blobs(classes: Int, features: Int, perClass m: Int, seed: UInt64) -> (x: Tensor, y: Tensor) {
        var generator = SeededGenerator(seed: seed)
        let means = Tensor.randomNormal([classes, features], standardDeviation: 1.5, using: &generator)
        let n = classes * m
        var x = Tensor.randomNormal([n, features], using: &generator)
        var y = Tensor.zeros([n])
        for i in 0..<n {
            let c = i % classes
            y[i] = Double(c)
            for j in 0..<features { x[i, j] += means[c, j] }
        }
        return (x, y)
    }

    /// Papyan (2019): the Hessian and Gauss–Newton spectra of a trained C-class classifier are a
    /// bulk near zero and a few outliers, as many as the classes (the between-class structure of the
    /// logit gradients; C − 1 here, since diag(p) − ppᵀ has rank C − 1 per example). Measured: the
    /// eigenvalues above twice the bulk's level λ₂C number C − 1 or C (for C = 4, the GGN's top 12
    /// are 0.27 0.12 0.092 | 0.042 0.034 0.031 0.029 0.026 …; for C = 3, 0.28 0.063 | 0.030 0.025 …).
    @Test(arguments: [3, 4])
    func trainedClassifierHasOutliersPerClass(classes: Int) throws {
        let (x, y) = Self.blobs(classes: classes, features: 8, perClass: 100, seed: 3)
        let network = try Sequential([Dense(16), Activation(.tanh), Dense(classes)], inputFeatures: 8)
        let risk = try NetworkRisk(network: network, loss: .softmaxCrossEntropy, inputs: x, targets: y)
        var theta = network.initialParameters(seed: 4)
        let adam = DescentOptimize.adam(learningRate: 0.01)
        var state = adam.initialize(theta)
        for _ in 0..<150 {
            let (u, s) = adam.update(risk.valueAndGradient(at: theta).gradient, state: state, params: theta)
            theta = theta + u
            state = s
        }
        #expect(risk.value(at: theta) < 0.05, "the classifier is trained")
        for kind in [CurvatureKind.hessian, .gaussNewton] {
            let top = try lanczos(try NetworkCurvature(kind, of: risk, at: theta), count: 12, options: IterativeOptions(tolerance: 1e-6))
            #expect(top.isConverged)
            let lambda = Array(top.eigenvalues.scalars.reversed())
            // The bulk's level: λ₂C, well inside the bulk if there are about C outliers.
            let bulk = lambda[2 * classes - 1]
            let outliers = lambda.filter { $0 > 2 * bulk }.count
            #expect(outliers == classes - 1 || outliers == classes, "\(kind.name): \(outliers) outliers in \(lambda)")
        }
    }

    /// Cohen et al. (2021): under full-batch gradient descent with step η, the top Hessian
    /// eigenvalue rises (progressive sharpening) until it reaches 2/η, then hovers there (the edge
    /// of stability) while the loss keeps falling non-monotonically. Measured on a 4-32-32-1 tanh
    /// regression network with η = 0.1: ηλmax/2 goes 0.61 → 0.42 (step 100) → 1.28 (step 200, the
    /// overshoot) → 0.98…1.02 from step 500 on.
    @Test func gradientDescentReachesTheEdgeOfStability() throws {
        var generator = SeededGenerator(seed: 9)
        let x = Tensor.randomNormal([64, 4], using: &generator)
        let y = Tensor(shape: [64, 1]) { i in sin(2 * x[i, 0]) + x[i, 1] * x[i, 2] }
        let network = try Sequential([Dense(32), Activation(.tanh), Dense(32), Activation(.tanh), Dense(1)], inputFeatures: 4)
        let risk = try NetworkRisk(network: network, loss: .meanSquaredError, inputs: x, targets: y)
        let eta = 0.1
        var theta = network.initialParameters(seed: 5)
        var sharpness: [Int: Double] = [:], losses: [Int: Double] = [:]
        for step in 0...900 {
            let (value, g) = risk.valueAndGradient(at: theta)
            if step % 100 == 0 {
                let top = try lanczos(try NetworkCurvature(.hessian, of: risk, at: theta), count: 1, options: IterativeOptions(tolerance: 1e-6))
                sharpness[step] = top.eigenvalues[0] * eta / 2
                losses[step] = value
            }
            theta.addScaled(g, by: -eta)
        }
        // Starts well below the edge, sharpens past it, then settles at λmax ≈ 2/η (within 8%).
        #expect(sharpness[0]! < 0.75 && sharpness[100]! < 0.75)
        #expect(sharpness[200]! > 1)
        for step in stride(from: 500, through: 900, by: 100) {
            #expect(Swift.abs(sharpness[step]! - 1) < 0.08, "step \(step): ηλmax/2 = \(sharpness[step]!)")
        }
        #expect(losses[900]! < 0.05 * losses[0]!)
    }
}
