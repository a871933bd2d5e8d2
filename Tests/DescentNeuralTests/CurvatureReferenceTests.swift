import DescentAutodiff
import DescentCore
import DescentNeural
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// `NetworkCurvature` against PyTorch float64 + curvlinops (Tools/references/neural_curvature.py):
/// the same two MLPs from the same exported weights, over a data set in two unequal batches.
@Suite("Network curvature against curvlinops")
struct CurvatureReferenceTests {
    /// One reference case: the network, its risk over the reference's batches, θ and the reference.
    struct Case {
        let risk: NetworkRisk
        let firstBatch: NetworkRisk
        let theta: Tensor
        let reference: ReferenceData
        let directions: [Tensor]
    }

    static func cases() throws -> [Case] {
        try ReferenceData.load("neural_curvature").cases("cases").map { reference in
            let sizes = reference.doubles("sizes").map { Int($0) }
            let network = try Sequential([Dense(sizes[1]), Activation(.tanh), Dense(sizes[2])], inputFeatures: sizes[0])
            let loss: NetworkLoss = reference.string("name") == "classifier" ? .softmaxCrossEntropy : .meanSquaredError
            let inputs = reference.tensor("inputs"), targets = reference.tensor("targets")
            let batchSizes = reference.doubles("batch_sizes").map { Int($0) }
            let risk = try NetworkRisk(network: network, loss: loss, inputs: inputs, targets: targets, batchSize: batchSizes[0])
            #expect(risk.batches.map(\.count) == batchSizes)
            let firstBatch = try NetworkRisk(outputs: risk.outputs, parameterCount: risk.parameterCount, loss: loss,
                                             batches: [risk.batches[0]])
            let directions = reference.tensor("directions")
            return Case(risk: risk, firstBatch: firstBatch, theta: reference.tensor("parameters"), reference: reference,
                        directions: (0..<directions.shape[0]).map { directions.row($0) })
        }
    }

    /// Products agree to 1e-10 of the largest reference entry: both sides are exact float64
    /// products whose rounding (≈ 1e-15 relative per operation over a few hundred operations) is far
    /// below that; entries near zero are compared on the scale of the whole vector.
    static func expectProductsClose(_ actual: Tensor, _ expected: Tensor, _ what: String) {
        let scale = expected.norm(.infinity)
        expectClose(actual, expected, rtol: 1e-10, atol: 1e-10 * scale, what)
    }

    @Test func lossAndGradient() throws {
        for c in try Self.cases() {
            let (value, gradient) = c.risk.valueAndGradient(at: c.theta)
            // A handful of float64 operations: agreement to 1e-12 relative.
            expectClose(value, c.reference.double("loss"), rtol: 1e-12, "loss of \(c.reference.string("name"))")
            expectClose(gradient, c.reference.tensor("gradient"), rtol: 1e-10, atol: 1e-12, "gradient")
        }
    }

    @Test(arguments: [CurvatureKind.hessian, .gaussNewton, .fisher, .empiricalFisher])
    func productsMatchCurvlinops(kind: CurvatureKind) throws {
        // The exact Fisher of these losses is the GGN (CurvatureKind), so the GGN products are its reference.
        let key = switch kind { case .hessian: "hessian"; case .empiricalFisher: "empirical_fisher"; default: "ggn" }
        for c in try Self.cases() {
            let whole = try NetworkCurvature(kind, of: c.risk, at: c.theta)
            let first = try NetworkCurvature(kind, of: c.firstBatch, at: c.theta)
            let expected = c.reference.tensor(key + "_products"), expectedFirst = c.reference.tensor(key + "_first_batch_products")
            for (i, v) in c.directions.enumerated() {
                Self.expectProductsClose(whole.apply(v), expected.row(i), "\(key) of \(c.reference.string("name")), direction \(i)")
                Self.expectProductsClose(first.apply(v), expectedFirst.row(i), "first-batch \(key), direction \(i)")
            }
            // The block product (batched sweeps for the Hessian) equals the column products.
            let block = Tensor.stack(c.directions).transposed
            Self.expectProductsClose(whole.apply(toColumnsOf: block).transposed, expected, "\(key) block product")
        }
    }

    @Test func hessianIsGaussNewtonPlusResidual() throws {
        for c in try Self.cases() {
            let h = try NetworkCurvature(.hessian, of: c.risk, at: c.theta)
            let g = try NetworkCurvature(.gaussNewton, of: c.risk, at: c.theta)
            let r = try NetworkCurvature(.gaussNewtonResidual, of: c.risk, at: c.theta)
            for v in c.directions {
                // H = G + Σ rᵢ∇²fᵢ exactly; the two sides are different sweeps, equal up to rounding.
                let hv = h.apply(v)
                expectClose(g.apply(v) + r.apply(v), hv, rtol: 0, atol: 1e-12 * hv.norm(.infinity), "H v = G v + R v")
            }
            // The residual term is not negligible here (tanh is curved), so the check has teeth.
            #expect(r.apply(c.directions[0]).norm(.two) > 1e-3 * h.apply(c.directions[0]).norm(.two))
        }
    }

    @Test func spectraMatchDenseEigenvalues() throws {
        for c in try Self.cases() {
            for (kind, key) in [(CurvatureKind.hessian, "hessian"), (.gaussNewton, "ggn")] {
                let op = try NetworkCurvature(kind, of: c.risk, at: c.theta)
                let all = c.reference.doubles(key + "_eigenvalues")
                let top = try lanczos(op, count: 4, which: .largest)
                #expect(top.isConverged)
                let scale = all.map(Swift.abs).max()!
                // Lanczos converges to tolerance 1e-10 × ‖A‖; the eigenvalues are then within that.
                expectClose(top.eigenvalues.scalars, Array(all.suffix(4)), rtol: 0, atol: 1e-9 * scale, "top 4 \(key) eigenvalues")
                if kind == .hessian {
                    let bottom = try lanczos(op, count: 2, which: .smallest)
                    expectClose(bottom.eigenvalues.scalars, Array(all.prefix(2)), rtol: 0, atol: 1e-9 * scale, "bottom 2 Hessian eigenvalues")
                    #expect(all.first! < -1e-6 * scale, "the Hessian is indefinite at these weights")
                } else {
                    // G is positive semi-definite: its dense spectrum has no eigenvalue below rounding.
                    let dense = try SymmetricEigen(try op.matrix()).eigenvalues.scalars
                    #expect(dense.first! >= -1e-10 * dense.last!)
                    expectClose(dense, all, rtol: 0, atol: 1e-10 * scale, "dense GGN spectrum")
                }
            }
        }
    }

    @Test(arguments: [CurvatureKind.fisher, .empiricalFisher, .monteCarloFisher(samples: 3, seed: 1)])
    func fishersArePositiveSemidefinite(kind: CurvatureKind) throws {
        for c in try Self.cases() {
            let eigenvalues = try SymmetricEigen(try NetworkCurvature(kind, of: c.risk, at: c.theta).matrix()).eigenvalues.scalars
            // Jᵀ(Σ g gᵀ)J: no eigenvalue below the rounding of the dense matrix, ε·P·‖F‖ ≪ 1e-10·‖F‖.
            #expect(eigenvalues.first! >= -1e-10 * eigenvalues.last!, "\(kind.name) of \(c.reference.string("name"))")
            #expect(eigenvalues.last! > 0)
        }
    }

    @Test func tracesAndDiagonals() throws {
        for c in try Self.cases() {
            let h = try NetworkCurvature(.hessian, of: c.risk, at: c.theta)
            let p = c.risk.parameterCount
            let exact = c.reference.double("hessian_trace")
            let diagonal = c.reference.tensor("hessian_diagonal")
            expectClose(try exactDiagonal(of: h), diagonal, rtol: 1e-10, atol: 1e-12, "exact diagonal")
            // Hutch++ with 3P products: Q spans ℝᴾ, so the trace is exact up to rounding.
            let full = try hutchPlusPlusTrace(of: h, products: 3 * p, seed: 1)
            expectClose(full.estimate, exact, rtol: 0, atol: 1e-9 * c.reference.double("hessian_frobenius_squared").squareRoot(), "Hutch++ with 3P products")
            // Sampled estimates: within 5 standard errors (a failure rate below 10⁻⁶ if normal).
            let hutch = try hutchinsonTrace(of: h, probes: 200, seed: 2)
            #expect(Swift.abs(hutch.estimate - exact) <= 5 * hutch.standardError)
            let plus = try hutchPlusPlusTrace(of: h, products: 60, seed: 3)
            #expect(Swift.abs(plus.estimate - exact) <= 5 * plus.standardError + 1e-9)
            // Bekas: entry i's error has variance Σ_{j≠i} Hᵢⱼ²/m.
            let dense = try h.matrix()
            let m = 400
            let sampled = try sampledDiagonal(of: h, probes: m, seed: 4)
            for i in 0..<p {
                let offDiagonal = (0..<p).reduce(0.0) { $0 + ($1 == i ? 0 : dense[i, $1] * dense[i, $1]) }
                #expect(Swift.abs(sampled[i] - diagonal[i]) <= 5 * (offDiagonal / Double(m)).squareRoot() + 1e-12,
                        "sampled diagonal entry \(i)")
            }
        }
    }

    @Test func spectralDensity() throws {
        for c in try Self.cases() {
            let h = try NetworkCurvature(.hessian, of: c.risk, at: c.theta)
            let p = c.risk.parameterCount
            // P Lanczos steps: every probe's Gauss rule is exact, so the only error is the probes'.
            let density = try stochasticLanczosQuadrature(of: h, probes: 10, steps: p, seed: 5)
            // Gaussian kernels with ≥ 6σ of margin, sampled at ~10 points per σ: trapezoid error ≪ 1e-6.
            expectClose(density.integral, 1, rtol: 1e-6, "SLQ density integrates to 1")
            for w in density.weights { expectClose(w.reduce(0.0, +), 1, rtol: 1e-12, "quadrature weights sum to 1") }
            let first = density.traceOfPower(1), second = density.traceOfPower(2)
            let exact1 = c.reference.double("hessian_trace"), exact2 = c.reference.double("hessian_trace_of_square")
            #expect(Swift.abs(first.estimate - exact1) <= 5 * first.standardError)
            #expect(Swift.abs(second.estimate - exact2) <= 5 * second.standardError)
            // …and agree with Hutchinson's estimates of tr(H) and tr(H²) from other probes.
            let square = FunctionOperator(symmetric: p) { h.apply(h.apply($0)) }
            let hutch1 = try hutchinsonTrace(of: h, probes: 30, seed: 6), hutch2 = try hutchinsonTrace(of: square, probes: 30, seed: 6)
            #expect(Swift.abs(first.estimate - hutch1.estimate) <= 5 * (first.standardError + hutch1.standardError))
            #expect(Swift.abs(second.estimate - hutch2.estimate) <= 5 * (second.standardError + hutch2.standardError))
        }
    }

    @Test func monteCarloFisherConvergesToFisher() throws {
        for c in try Self.cases() {
            let exact = try NetworkCurvature(.fisher, of: c.risk, at: c.theta)
            let sampled = try NetworkCurvature(.monteCarloFisher(samples: 4000, seed: 7), of: c.risk, at: c.theta)
            let v = c.directions[0]
            let expected = exact.apply(v)
            // 4000 samples: relative error ~ 1/√4000 ≈ 1.6%; 10% leaves room for heavier tails.
            #expect((sampled.apply(v) - expected).norm(.two) <= 0.1 * expected.norm(.two))
            // Seeded: the same seed gives the same operator.
            let again = try NetworkCurvature(.monteCarloFisher(samples: 4000, seed: 7), of: c.risk, at: c.theta)
            #expect(again.apply(v) == sampled.apply(v))
        }
    }

    @Test func vectorTargetsForOneOutput() throws {
        // Squared error with one output: targets [n] and [n, 1] are the same data set.
        var generator = SeededGenerator(seed: 31)
        let x = Tensor.randomNormal([8, 3], using: &generator), y = Tensor.randomNormal([8], using: &generator)
        let network = try Sequential([Dense(4), Activation(.tanh), Dense(1)], inputFeatures: 3)
        let theta = network.initialParameters(seed: 1), v = Tensor.randomNormal([network.parameterCount], using: &generator)
        let flat = try NetworkRisk(network: network, loss: .meanSquaredError, inputs: x, targets: y, batchSize: 3)
        let column = try NetworkRisk(network: network, loss: .meanSquaredError, inputs: x, targets: y.reshaped([8, 1]), batchSize: 3)
        for kind in [CurvatureKind.hessian, .gaussNewton, .empiricalFisher, .gaussNewtonResidual] {
            #expect(try NetworkCurvature(kind, of: flat, at: theta).apply(v) == NetworkCurvature(kind, of: column, at: theta).apply(v))
        }
    }

    @Test func badInput() throws {
        let c = try Self.cases()[0]
        var theta = c.theta
        theta[3] = .nan
        let error = #expect(throws: CurvatureError.self) { try NetworkCurvature(.hessian, of: c.risk, at: theta) }
        #expect(error?.description == "the parameter vector is not finite: entry 3 is nan")
        #expect(throws: CurvatureError.countTooSmall(what: "Monte Carlo samples", count: 0, minimum: 1)) {
            try NetworkCurvature(.monteCarloFisher(samples: 0, seed: 0), of: c.risk, at: c.theta)
        }
        let h = try NetworkCurvature(.hessian, of: c.risk, at: c.theta)
        #expect(throws: CurvatureError.countTooSmall(what: "Hutch++ products", count: 2, minimum: 3)) {
            try hutchPlusPlusTrace(of: h, products: 2)
        }
        #expect(throws: CurvatureError.countTooSmall(what: "SLQ probes", count: 0, minimum: 1)) {
            try stochasticLanczosQuadrature(of: h, probes: 0)
        }
        #expect(throws: NeuralNetworkError.self) {
            try NetworkRisk(outputs: c.risk.outputs, parameterCount: c.risk.parameterCount, loss: .meanSquaredError, batches: [])
        }
    }
}
