import DescentAutodiff
import DescentCore
@testable import DescentNeural
import DescentOptimize
import Testing
import _TestSupport

/// Fine-tuning a pretrained network on a shifted task, fully and with LoRA adapters: exact math
/// for a linear layer (full fine-tuning's ΔW has the rank of the shift; a rank-1 adapter stops
/// at the Eckart–Young floor), and a small tanh network where LoRA r = 4 gets within a stated
/// factor of full fine-tuning while full fine-tuning's ΔW has a low effective rank.
@Suite("LoRA fine-tuning")
struct LoRAFineTuningTests {
    /// θ after `steps` full-batch steps of `optimizer` on the mean squared error of `network`.
    static func fit<T: GradientTransformation>(_ network: Sequential, from theta: Tensor, inputs x: Tensor, targets y: Tensor,
                                               steps: Int, optimizer: T) -> Tensor {
        var (current, state) = (theta, optimizer.initialize(theta))
        for _ in 0..<steps { optimizer.step(&current, gradient: gradient(of: { loss(network, $0, x, y) }, at: current), state: &state) }
        return current
    }

    static func loss(_ network: Sequential, _ theta: Variable, _ x: Tensor, _ y: Tensor) -> Variable {
        var context = ForwardContext.inference
        return NetworkLoss.meanSquaredError(network.outputs(theta, Variable(x), context: &context), y)
    }

    static func loss(_ network: Sequential, _ theta: Tensor, _ x: Tensor, _ y: Tensor) -> Double {
        loss(network, Variable(theta), x, y).scalar
    }

    @Test("linear layer: full fine-tuning's ΔW has exactly the shift's rank 2; LoRA r = 2 recovers the shift, r = 1 stops at σ₂²/m")
    func linearShift() throws {
        let (n, d, m) = (64, 8, 6)
        // Whitened inputs, XᵀX/n = I, so the loss is ‖W − W*‖²_F / m and Eckart–Young gives the rank-r floor.
        let x = try QR(gaussian([n, d], seed: 51)).q * Double(n).squareRoot()
        let w1 = gaussian([m, d], seed: 52)
        let network = try Sequential([Dense(m, bias: false)], inputFeatures: d)
        // Pretraining on task 1 (targets X W₁ᵀ): least squares, exact.
        let w0 = try LeastSquares(x, matmul(x, w1, transposeB: true)).solution.transposed
        // Task 2: W₂ = W₀ + S with S of rank 2, singular values 3 and 1.
        let u = try QR(gaussian([m, 2], seed: 53)).q, v = try QR(gaussian([d, 2], seed: 54)).q
        let shift = matmul(u * Tensor([3.0, 1.0]), v, transposeB: true)
        let y2 = matmul(x, w0 + shift, transposeB: true)
        let theta0 = w0.reshaped([m * d])

        // Full fine-tuning by gradient descent: E_t = −S(I − ηΣ)ᵗ, so ΔW = S(I − (I − ηΣ)ᵗ) has rank ≤ 2.
        let full = Self.fit(network, from: theta0, inputs: x, targets: y2, steps: 60, optimizer: sgd(learningRate: Double(m) / 4))
        let spectrum = try WeightUpdateSpectrum((full - theta0).reshaped([m, d]))
        #expect(spectrum.singularValues[2] < 1e-12 * spectrum.singularValues[0])      // rounding only
        #expect(spectrum.effectiveRank(energy: 0.999_999) == 2)
        expectClose(spectrum.singularValues[0], 3, rtol: 1e-12, "(1 − 2⁻⁶⁰)·3")
        #expect(Self.loss(network, full, x, y2) < 1e-20)

        for (rank, steps) in [(1, 400), (2, 400)] {
            let lora = try LowRankAdaptation(base: network, parameters: theta0, rank: rank, alpha: Double(rank))
            let adapters = Self.fit(lora.network, from: lora.initialParameters(seed: 55), inputs: x, targets: y2, steps: steps,
                                    optimizer: adam(learningRate: 0.05))
            let final = Self.loss(lora.network, adapters, x, y2)
            let merged = lora.mergedParameters(adapters)
            // The merged base network computes the adapted one (one extra rounding per product).
            expectClose(Self.loss(network, merged, x, y2), final, rtol: 1e-10, "merged = adapted")
            if rank == 1 {
                // No rank-1 update can beat the Eckart–Young floor σ₂²/m; training reaches it.
                let floor = 1.0 / Double(m)
                #expect(final >= floor * (1 - 1e-9))
                #expect(final <= floor * 1.01, "r = 1 loss \(final), floor \(floor)")
            } else {
                #expect(final < 1e-6, "r = 2 loss \(final)")
                expectClose(lora.weightUpdates(adapters)[0], shift, rtol: 0, atol: 1e-3, "(α/r)·B A ≈ S")
            }
        }
    }

    @Test("tanh network, inputs seen through a rank-1 shift: full fine-tuning's ΔW has effective rank 1; LoRA r = 1 and 4 recover ≥ 97% of its gain")
    func nonlinearShift() throws {
        let (n, d, hidden, m) = (128, 10, 16, 4)
        let x = gaussian([n, d], seed: 61)
        let teacher = try Sequential.perceptron(inputFeatures: d, hidden: [hidden], outputs: m, activation: .tanh)
        let t = teacher.initialParameters(seed: 62) * 1.5
        // Task 2 sees the inputs through I + 1.5·u vᵀ, so any network's first layer can follow
        // with W(I + 1.5·u vᵀ) = W + 1.5·(Wu)vᵀ: a rank-1 ΔW.
        let u = try QR(gaussian([d, 1], seed: 63)).q, v = try QR(gaussian([d, 1], seed: 64)).q
        let shifted = matmul(x, Tensor.identity(d) + matmul(u, v, transposeB: true) * 1.5, transposeB: true)
        let (y1, y2) = (teacher.outputs(t, x), teacher.outputs(t, shifted))

        // Pretraining on task 1 (300 L-BFGS iterations) from a fresh student.
        let student = try Sequential.perceptron(inputFeatures: d, hidden: [hidden], outputs: m, activation: .tanh)
        let pretrained = try minimize(Objective(differentiable: { Self.loss(student, $0, x, y1) }), from: student.initialParameters(seed: 65),
                                      using: LBFGS(), options: OptimizationOptions(gradientTolerance: 0, maxIterations: 300,
                                                                                   secondOrderCheck: SecondOrderCheck(isEnabled: false))).minimizer
        #expect(Self.loss(student, pretrained, x, y1) < 0.01)     // measured 0.0030 (the targets' mean square is 2.1)
        let before = Self.loss(student, pretrained, x, y2)          // measured 0.57

        // Full fine-tuning: 150 steps of SGD with momentum; its ΔW lies in the span of the gradients.
        let full = Self.fit(student, from: pretrained, inputs: x, targets: y2, steps: 150, optimizer: sgd(learningRate: 0.2, momentum: 0.9))
        let fullLoss = Self.loss(student, full, x, y2)              // measured 0.0027
        let spectrum = try WeightUpdateSpectrum(student.parameters(full)["0.dense.weight"]! - student.parameters(pretrained)["0.dense.weight"]!)
        // Measured: σ = 2.68, 0.59, 0.37, 0.29, …; 90% of ‖ΔW‖²_F in one direction, stable rank 1.10
        // (a 16 × 10 Gaussian matrix has stable rank ≈ 3.1).
        #expect(spectrum.effectiveRank(energy: 0.9) == 1)
        #expect(spectrum.stableRank < 1.3)
        #expect(spectrum.truncationError(rank: 1) < 0.35)

        for (rank, maxRatio) in [(1, 6.0), (4, 4.0)] {
            let lora = try LowRankAdaptation(base: student, parameters: pretrained, rank: rank, alpha: 2 * Double(rank))
            let adapters = Self.fit(lora.network, from: lora.initialParameters(seed: 66), inputs: x, targets: y2, steps: 150,
                                    optimizer: adam(learningRate: 0.01))
            let loss = Self.loss(lora.network, adapters, x, y2)    // measured 0.0108 (r = 1, 46 parameters), 0.0067 (r = 4, 184)
            #expect((before - loss) / (before - fullLoss) >= 0.97, "r = \(rank): \(loss) vs full \(fullLoss) from \(before)")
            #expect(loss <= maxRatio * fullLoss, "r = \(rank): \(loss) vs full \(fullLoss)")
        }
    }
}
