import DescentAutodiff
import DescentCore
@testable import DescentNeural
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// ‖∂h_t/∂h_0‖ of the Elman layer measured by autodiff against exact math (the linear
/// recurrence: ∂h_T/∂h_0 = W_hhᵀ, whose norm is ρᵀ for a normal W_hh), against PyTorch's Jacobian
/// (tanh and relu), and against the derivative bounds; vanishing and exploding on either side of
/// ρ = 1, orthogonal initialization, and gradient clipping in the exploding regime.
/// Seeded standard normal entries times `standardDeviation`.
func gaussian(_ shape: [Int], standardDeviation: Double = 1, seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.randomNormal(shape, standardDeviation: standardDeviation, using: &generator)
}

@Suite("Recurrent stability")
struct RecurrentStabilityTests {
    static let reference = try! ReferenceData.load("neural_recurrent")

    /// A symmetric (so normal) H × H matrix Q diag(λ) Qᵀ with eigenvalues ρ·(1, 0.7, −0.5, 0.3, …):
    /// spectral radius ρ, attained by the positive eigenvalue with eigenvector Q's first column.
    static func normalMatrix(radius: Double, size h: Int, seed: UInt64) -> (matrix: Tensor, topVector: Tensor) {
        var generator = SeededGenerator(seed: seed)
        let q = Initializer.orthogonal.tensor([h, h], generator: &generator)
        let pattern = [1, 0.7, -0.5, 0.3, -0.2, 0.1]
        let lambda = Tensor((0..<h).map { radius * pattern[$0 % pattern.count] / Double(1 + $0 / pattern.count) })
        let matrix = matmul(q * lambda, q, transposeB: true)     // Q diag(λ) Qᵀ (λ scales Q's columns)
        return (matrix, q.slice(columns: 0..<1).reshaped([h]))
    }

    static func parameters(recurrent: Tensor, features: Int, seed: UInt64, biasScale: Double = 0) -> [Tensor] {
        let h = recurrent.shape[0]
        return [gaussian([h, features], standardDeviation: 0.5, seed: seed),
                recurrent, gaussian([h], standardDeviation: biasScale, seed: seed + 1)]
    }

    @Test("∂h_T/∂h_0 equals PyTorch's Jacobian and stays under the derivative bound under ‖W_hh‖ᵀ")
    func matchesPyTorchJacobian() throws {
        for c in Self.reference.cases("jacobians") {
            let layer = ElmanRecurrent(inputFeatures: c.int("features"), hiddenFeatures: c.int("hidden"),
                                       activation: c.string("nonlinearity") == "tanh" ? .tanh : .relu)
            let stability = try RecurrentStability(
                layer: layer, parameters: [c.tensor("input_weight"), c.tensor("recurrent_weight"), c.tensor("bias")],
                sequence: c.tensor("inputs"), initialState: c.tensor("initial_state"))
            // H forward products through T steps: rounding grows like T·ε·‖J‖.
            expectClose(stability.finalJacobian, c.tensor("jacobian"), rtol: 1e-12, atol: 1e-13, "∂h_T/∂h_0 vs torch.autograd")
            expectClose(stability.jacobianNorms.last!, c.double("jacobian_norm"), rtol: 1e-12, "largest singular value")
            expectClose(stability.spectralRadius, c.double("spectral_radius"), rtol: 1e-12, "LAPACK dgeev vs NumPy")
            expectClose(stability.recurrentNorm, c.double("recurrent_norm"), rtol: 1e-12, "LAPACK dgesdd vs NumPy")
            #expect(stability.steps == c.int("steps"))
            for t in 0..<stability.steps {
                #expect(stability.jacobianNorms[t] <= stability.derivativeBounds[t] * (1 + 1e-12))
                #expect(stability.derivativeBounds[t] <= stability.normPowers[t] * (1 + 1e-12))
            }
        }
    }

    @Test("linear recurrence with a normal W_hh: ‖∂h_t/∂h_0‖ = ρᵗ exactly, vanishing below ρ = 1 and exploding above",
          arguments: [0.8, 1.0, 1.25])
    func linearNormalRecurrence(radius: Double) throws {
        let (h, steps) = (5, 30)
        let (w, top) = Self.normalMatrix(radius: radius, size: h, seed: 11)
        let layer = ElmanRecurrent(inputFeatures: 2, hiddenFeatures: h, activation: .identity)
        let x = gaussian([1, 2 * steps], seed: 12)
        let stability = try RecurrentStability(layer: layer, parameters: Self.parameters(recurrent: w, features: 2, seed: 13, biasScale: 0.3),
                                               sequence: x, initialState: gaussian([1, h], seed: 14))
        // Products of t symmetric matrices: the norm's relative rounding is ~t·H·ε ≲ 1e-13.
        expectClose(stability.jacobianNorms, (1...steps).map { pow(radius, Double($0)) }, rtol: 1e-11, "‖W_hhᵗ‖ = ρᵗ (normal W_hh)")
        expectClose(stability.jacobianNorms, stability.spectralRadiusPowers, rtol: 1e-11, "ρᵗ as the struct computes it")
        // A normal W_hh has ‖W_hh‖ = ρ, so all three bounds coincide with the measurement.
        expectClose(stability.normPowers, stability.spectralRadiusPowers, rtol: 1e-12, "‖W‖ = ρ for normal W")
        // The top eigenvector is the top singular direction: J q₁ = ρᵀ q₁.
        let image = matmul(stability.finalJacobian, top)
        expectClose(image, top * pow(radius, Double(steps)), rtol: 1e-10, atol: 1e-12 * pow(radius, Double(steps)), "W_hhᵀ q₁ = ρᵀ q₁")
        if radius < 1 { #expect(stability.jacobianNorms.last! < 2e-3) }    // 0.8³⁰ ≈ 1.2e-3: vanishing
        if radius > 1 { #expect(stability.jacobianNorms.last! > 800) }     // 1.25³⁰ ≈ 808: exploding
    }

    @Test("non-normal W_hh = [[λ, c], [0, λ]]: ∂h_t/∂h_0 = [[λᵗ, tcλᵗ⁻¹], [0, λᵗ]] exactly; ρ < 1 yet a transient growth ≫ 1")
    func nonNormalTransient() throws {
        let (lambda, c, steps) = (0.9, 2.0, 40)
        let w = Tensor([[lambda, c], [0, lambda]])
        let layer = ElmanRecurrent(inputFeatures: 1, hiddenFeatures: 2, activation: .identity)
        let stability = try RecurrentStability(layer: layer, parameters: [Tensor([[0.3], [-0.2]]), w, Tensor([0.1, 0.0])],
                                               sequence: gaussian([1, steps], seed: 86), initialState: Tensor([[0.5, -1]]))
        let t = Double(steps)
        // The Jordan block's power in closed form; entries up to ~30, rounding ~ t·ε relative.
        expectClose(stability.finalJacobian, Tensor([[pow(lambda, t), t * c * pow(lambda, t - 1)], [0, pow(lambda, t)]]),
                    rtol: 1e-12, atol: 1e-14, "Wᵗ of a Jordan block")
        expectClose(stability.spectralRadius, lambda, rtol: 1e-7, "a defective eigenvalue: LAPACK's error is ~√ε")
        // ρᵗ → 0 but ‖Wᵗ‖ ≈ tcλᵗ⁻¹ peaks near t = −1/ln λ ≈ 9.5 at 7.77: the spectral radius alone
        // does not bound a finite horizon; ‖W‖ᵗ (with ‖W‖ ≈ 2.35) does.
        let peak = stability.jacobianNorms.max()!
        #expect(peak > 7 && stability.spectralRadiusPowers[8] < 0.4)
        for k in 0..<steps { #expect(stability.jacobianNorms[k] <= stability.normPowers[k] * (1 + 1e-12)) }
    }

    @Test("tanh at its fixed point h = 0 (no input, no bias) is the linear recurrence: ρᵀ on either side of 1; saturation caps growth elsewhere")
    func tanhRegimes() throws {
        let (h, steps) = (6, 25)
        for radius in [0.9, 1.2] {
            let (w, _) = Self.normalMatrix(radius: radius, size: h, seed: 21)
            let layer = ElmanRecurrent(inputFeatures: 1, hiddenFeatures: h, activation: .tanh)
            let parameters = Self.parameters(recurrent: w, features: 1, seed: 22)
            let atRest = try RecurrentStability(layer: layer, parameters: parameters, sequence: Tensor.zeros([1, steps]),
                                                initialState: Tensor.zeros([1, h]))
            // φ′(0) = 1 at every step, so ∂h_t/∂h_0 = W_hhᵗ exactly.
            expectClose(atRest.jacobianNorms, atRest.spectralRadiusPowers, rtol: 1e-11, "tanh′(0) = 1")
            expectClose(atRest.derivativeBounds, atRest.normPowers, rtol: 1e-12, "max φ′ = 1 at rest")
            // Away from rest, inputs drive tanh into saturation: φ′ < 1 shrinks the Jacobian
            // strictly below ρᵗ, and the derivative bound explains it.
            let driven = try RecurrentStability(layer: layer, parameters: parameters,
                                                sequence: gaussian([1, steps], standardDeviation: 3, seed: 23),
                                                initialState: gaussian([1, h], seed: 24))
            #expect(driven.jacobianNorms.last! < 0.5 * driven.spectralRadiusPowers.last!)
            #expect(driven.jacobianNorms.last! <= driven.derivativeBounds.last! * (1 + 1e-12))
            #expect(driven.derivativeBounds.last! < driven.normPowers.last!)
        }
    }

    @Test("orthogonal initialization keeps ‖∂h_T/∂h_0‖ = 1 for 50 steps of a linear recurrence; PyTorch's uniform one vanishes")
    func orthogonalInitialization() throws {
        let (h, steps) = (16, 50)
        var generator = SeededGenerator(seed: 31)
        let x = gaussian([1, 2 * steps], seed: 32)
        let h0 = Tensor.zeros([1, h])
        let orthogonal = ElmanRecurrent(inputFeatures: 2, hiddenFeatures: h, activation: .identity,
                                        recurrentInitialization: .orthogonal(gain: 1))
        let kept = try RecurrentStability(layer: orthogonal, parameters: orthogonal.initialParameters(inputShape: [1, 2 * steps], generator: &generator),
                                          sequence: x, initialState: h0)
        // Every singular value of a product of orthogonal matrices is 1 (rounding ~ t·H·ε).
        expectClose(kept.jacobianNorms, [Double](repeating: 1, count: steps), rtol: 1e-12, "‖Qᵗ‖ = 1")
        let uniform = ElmanRecurrent(inputFeatures: 2, hiddenFeatures: h, activation: .identity)
        let lost = try RecurrentStability(layer: uniform, parameters: uniform.initialParameters(inputShape: [1, 2 * steps], generator: &generator),
                                          sequence: x, initialState: h0)
        // U(−1/√H, 1/√H) entries have variance 1/(3H), so ρ ≈ 1/√3 (circular law) and ρ⁵⁰ ≈ 1e-12.
        #expect(lost.spectralRadius < 0.8)
        #expect(lost.jacobianNorms.last! < 1e-4)
    }

    @Test("clipping in the exploding regime: the clipped update has norm η·C and lowers the loss; the unclipped one blows it up")
    func clipping() throws {
        let (h, steps, eta, maxNorm) = (4, 30, 1e-4, 1.0)
        let (w, _) = Self.normalMatrix(radius: 1.3, size: h, seed: 41)
        let layer = ElmanRecurrent(inputFeatures: 1, hiddenFeatures: h, activation: .identity)
        let x = gaussian([1, steps], standardDeviation: 0.1, seed: 42)
        let y = gaussian([1, h], seed: 43)
        let specs = layer.parameterSpecs
        // θ = (W_xh, W_hh, b) as one flat vector; L(θ) = ½‖h_T − y‖².
        func loss(_ theta: Variable) -> Variable {
            var offset = 0
            let parts = specs.map { spec -> Variable in
                let n = spec.shape.reduce(1, *)
                defer { offset += n }
                return theta.slice(offset..<(offset + n)).reshaped(spec.shape)
            }
            let last = layer.states(Variable(x), parameters: parts[...]).last!
            return 0.5 * (last - y).squaredNorm()
        }
        let theta = Tensor.concatenate([gaussian([h, 1], seed: 44), w, Tensor.zeros([h])].map { $0.reshaped([$0.count]) })
        let (l0, g) = valueAndGradient(of: loss, at: theta)
        #expect(g.norm() > 1e4)                              // exploding: ‖∇L‖ ~ T ρᵀ ‖h‖
        let clipped = chain(clipByGlobalNorm(maxNorm: maxNorm), sgd(learningRate: eta))
        let (u, _) = clipped.update(g, state: clipped.initialize(theta), params: theta)
        expectClose(u.norm(), eta * maxNorm, rtol: 1e-14, "clipped update norm = η·C")
        expectClose(u, g * (-eta * maxNorm / g.norm()), rtol: 1e-14, "same direction as −∇L")
        let afterClipped = valueAndGradient(of: loss, at: theta + u).value
        let afterPlain = valueAndGradient(of: loss, at: theta - eta * g).value
        #expect(afterClipped < l0)
        #expect(!(afterPlain < 1e6 * l0))                    // a step of length η‖∇L‖ ≈ 6 overshoots by far
        // Twenty clipped steps (each of length η·C) take the loss from 22 to about 0.3.
        var current = theta, state = clipped.initialize(theta)
        for _ in 0..<20 { clipped.step(&current, gradient: gradient(of: loss, at: current), state: &state) }
        #expect(valueAndGradient(of: loss, at: current).value < 0.05 * l0)
    }

    @Test("bad input: wrong shapes, a batch of sequences and non-finite weights are errors, and T = 1 is W_hh itself")
    func badInputAndOneStep() throws {
        let layer = ElmanRecurrent(inputFeatures: 2, hiddenFeatures: 3, activation: .identity)
        let (w, _) = Self.normalMatrix(radius: 0.5, size: 3, seed: 81)
        let parameters = Self.parameters(recurrent: w, features: 2, seed: 82)
        let (x, h0) = (gaussian([1, 4], seed: 83), Tensor.zeros([1, 3]))
        #expect(throws: NeuralNetworkError.self) { try RecurrentStability(layer: layer, parameters: parameters, sequence: gaussian([2, 4], seed: 84), initialState: h0) }
        #expect(throws: NeuralNetworkError.self) { try RecurrentStability(layer: layer, parameters: parameters, sequence: gaussian([1, 5], seed: 84), initialState: h0) }
        #expect(throws: NeuralNetworkError.self) { try RecurrentStability(layer: layer, parameters: Array(parameters.prefix(2)), sequence: x, initialState: h0) }
        #expect(throws: NeuralNetworkError.self) { try RecurrentStability(layer: layer, parameters: parameters, sequence: x, initialState: Tensor.zeros([1, 2])) }
        var broken = parameters
        broken[1][0, 0] = .nan
        #expect(throws: LinearAlgebraError.self) { try RecurrentStability(layer: layer, parameters: broken, sequence: x, initialState: h0) }
        broken = parameters
        broken[0][0, 0] = .infinity
        #expect(throws: LinearAlgebraError.self) { try RecurrentStability(layer: layer, parameters: broken, sequence: x, initialState: h0) }
        #expect(throws: LinearAlgebraError.self) { try RecurrentStability(layer: layer, parameters: parameters, sequence: x, initialState: Tensor([[0, .nan, 0]])) }
        // One step of a linear recurrence: ∂h_1/∂h_0 = W_hh exactly.
        let one = try RecurrentStability(layer: layer, parameters: parameters, sequence: gaussian([1, 2], seed: 85), initialState: h0)
        #expect(one.steps == 1)
        expectClose(one.finalJacobian, w, rtol: 1e-15, atol: 1e-16, "one reverse sweep through one product")
    }
}
