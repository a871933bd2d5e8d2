import DescentAutodiff
import DescentCore

/// The two Kronecker factors of one dense layer's Fisher block, F ≈ A ⊗ G.
public struct KroneckerFactors: Sendable, Hashable {
    /// A = E[āāᵀ], the second moment of the layer's augmented inputs ā = [a, 1]
    /// ((inputs + 1) × (inputs + 1); inputs × inputs for a layer without bias).
    public var activations: Tensor
    /// G = E[ggᵀ], the second moment of the loss gradients with respect to the layer's
    /// pre-activations s = a·Wᵀ + b (outputs × outputs).
    public var outputGradients: Tensor

    /// The factors A and G.
    public init(activations: Tensor, outputGradients: Tensor) {
        self.activations = activations
        self.outputGradients = outputGradients
    }
}

/// What one forward pass and its reverse sweeps measure on a batch for K-FAC: the loss, its
/// gradient, the outputs, and each dense layer's Kronecker factors of this batch alone.
public struct KFACBatchStatistics {
    /// L(θ) = ℓ(f(θ, X), Y) on the batch.
    public let loss: Double
    /// ∇θ L (flat, θ's layout).
    public let gradient: Tensor
    /// f(θ, X).
    public let outputs: Tensor
    /// Per dense layer (in `Sequential.kfacBlocks` order): Â = (1/n) Σᵢ āᵢāᵢᵀ and
    /// Ĝ = (1/n) Σᵢ gᵢgᵢᵀ over the n examples of the batch.
    public let factors: [KroneckerFactors]
}

extension Sequential {
    /// The batch statistics K-FAC needs, from one recorded forward pass: the layer inputs aᵢ of
    /// every dense layer are read on the way forward, and the pre-activation gradients gᵢ come
    /// from reverse sweeps that stop at the pre-activations (intermediate variables of the graph).
    ///
    /// The loss is a mean over the batch, L = (1/n) Σᵢ ℓᵢ, so the per-example gradient is
    /// gᵢ = n·∂L/∂sᵢ (row i of the cotangent of s). Then Â = (1/n) ĀᵀĀ with Ā = [A | 1] and
    /// Ĝ = (1/n) CᵀC with C the stacked gᵢ (summed over the k sweeps of `.exactFisher`).
    /// One reverse sweep for the loss gradient and the empirical Fisher, plus one for the sampled
    /// Fisher or k (the number of outputs) for the exact Fisher.
    ///
    /// - Parameters:
    ///   - parameters: the network's flat parameters θ.
    ///   - inputs: the batch's rows.
    ///   - targets: the batch's targets (the observed labels; used by the empirical Fisher and the loss).
    ///   - loss: the loss whose Fisher is approximated.
    ///   - estimate: how G is estimated; see `KFACConfiguration.CurvatureEstimate`.
    ///   - generator: draws the sampled targets of `.sampledFisher` (untouched otherwise).
    ///   - context: the forward context (training mode draws dropout masks from it).
    /// - Precondition: a non-empty batch whose inputs and targets fit the network and loss.
    /// - Reference: Martens & Grosse, "Optimizing neural networks with Kronecker-factored
    ///   approximate curvature", ICML 2015, §3 and §5.
    public func kfacStatistics(_ parameters: Tensor, inputs: Tensor, targets: Tensor, loss: NetworkLoss,
                               estimate: KFACConfiguration.CurvatureEstimate, generator: inout SeededGenerator,
                               context: inout ForwardContext) -> KFACBatchStatistics {
        precondition(inputs.rank == 2 && inputs.shape[0] > 0, "kfacStatistics: needs a non-empty batch, got inputs \(inputs.shape)")
        let leaves = parameterLayout.unpack(parameters).map { Variable(tracking: $0) }
        var x = Variable(inputs)
        var layerInputs: [Tensor] = [], preActivations: [Variable] = []
        var start = 0
        for (layer, specs) in zip(layers, layerParameterSpecs) {
            let input = x
            x = layer(x, parameters: leaves[start..<(start + specs.count)], context: &context)
            if let dense = layer as? Dense {
                layerInputs.append(dense.hasBias ? Self.appendingOnes(input.value) : input.value)
                preActivations.append(x)
            }
            start += specs.count
        }
        let outputs = x
        let value = loss(outputs, targets)
        let n = Double(inputs.shape[0])
        let swept = value.gradients(withRespectTo: leaves + preActivations)
        let gradient = parameterLayout.pack(swept[..<leaves.count].map(\.value))

        var secondMoments: [Tensor]
        switch estimate {
        case .empiricalFisher:
            // gᵢ = n·∂L/∂sᵢ, so (1/n) Σ gᵢgᵢᵀ = n·(∂L/∂S)ᵀ(∂L/∂S).
            secondMoments = swept[leaves.count...].map { $0.value.gram * n }
        case .sampledFisher:
            let seed = Self.sampledLossGradients(outputs.value, loss: loss, generator: &generator)
            secondMoments = outputs.gradients(withRespectTo: preActivations, seed: Variable(seed)).map { $0.value.gram / n }
        case .exactFisher:
            secondMoments = preActivations.map { Tensor.zeros([$0.shape[1], $0.shape[1]]) }
            for j in 0..<outputs.shape[1] {
                let seed = Self.lossHessianRoot(outputs.value, loss: loss, column: j)
                let cotangents = outputs.gradients(withRespectTo: preActivations, seed: Variable(seed))
                for l in secondMoments.indices { secondMoments[l] += cotangents[l].value.gram }
            }
            secondMoments = secondMoments.map { $0 / n }
        }
        let factors = zip(layerInputs, secondMoments).map { KroneckerFactors(activations: $0.gram / n, outputGradients: $1) }
        return KFACBatchStatistics(loss: value.scalar, gradient: gradient, outputs: outputs.value, factors: factors)
    }

    /// [a | 1]: the inputs with a column of ones, the bias's input.
    static func appendingOnes(_ a: Tensor) -> Tensor {
        let (m, n) = (a.shape[0], a.shape[1])
        return a.scalars.withUnsafeBufferPointer { src in
            Tensor(shape: [m, n + 1], unsafeUninitialized: { out in
                for i in 0..<m {
                    for j in 0..<n { out[i * (n + 1) + j] = src[i * n + j] }
                    out[i * (n + 1) + n] = 1
                }
            })
        }
    }

    /// Row i: ∂ℓᵢ(fᵢ, ŷᵢ)/∂fᵢ for a target ŷᵢ drawn from the model's predictive distribution:
    /// softmax(fᵢ) − e_ŷ with ŷ ~ Categorical(softmax(fᵢ)) for cross-entropy; for the mean squared
    /// error ℓᵢ = (1/k)‖fᵢ − ŷᵢ‖² with ŷᵢ ~ 𝒩(fᵢ, (k/2)I), (2/k)(fᵢ − ŷᵢ) = √(2/k)·ε with ε
    /// standard normal (the sign is immaterial to ggᵀ). Its second moment over ŷ is the loss
    /// Hessian H_ℓ = diag(p) − ppᵀ, respectively (2/k)I.
    static func sampledLossGradients(_ f: Tensor, loss: NetworkLoss, generator: inout SeededGenerator) -> Tensor {
        let (n, k) = (f.shape[0], f.shape[1])
        switch loss {
        case .meanSquaredError:
            let scale = (2 / Double(k)).squareRoot()
            return Tensor(shape: [n, k], unsafeUninitialized: { out in
                for i in 0..<(n * k) { out[i] = scale * generator.nextNormal() }
            })
        case .softmaxCrossEntropy:
            var p = Self.rowSoftmax(f)
            for i in 0..<n {
                var u = generator.nextUniform(), label = k - 1
                for j in 0..<k {
                    u -= p.scalars[i * k + j]
                    if u < 0 { label = j; break }
                }
                p.scalars[i * k + label] -= 1
            }
            return p
        }
    }

    /// Row i: Lᵢeⱼ, column j of a square root of the per-example loss Hessian H_ℓ = LLᵀ:
    /// L = √(2/k)·I for the mean squared error; L = diag(√p) − p√pᵀ for cross-entropy
    /// (LLᵀ = diag(p) − ppᵀ because Σp = 1), whose column j is √pⱼ(eⱼ − p).
    static func lossHessianRoot(_ f: Tensor, loss: NetworkLoss, column j: Int) -> Tensor {
        let (n, k) = (f.shape[0], f.shape[1])
        switch loss {
        case .meanSquaredError:
            let scale = (2 / Double(k)).squareRoot()
            return Tensor(shape: [n, k]) { $0 % k == j ? scale : 0 }
        case .softmaxCrossEntropy:
            let p = Self.rowSoftmax(f)
            return Tensor(shape: [n, k], unsafeUninitialized: { out in
                for i in 0..<n {
                    let root = p.scalars[i * k + j].squareRoot()
                    for c in 0..<k { out[i * k + c] = -root * p.scalars[i * k + c] }
                    out[i * k + j] += root
                }
            })
        }
    }

    /// softmax of each row (shifted by the row maximum, so exp never overflows).
    static func rowSoftmax(_ f: Tensor) -> Tensor {
        softmax(Variable(f), alongAxis: 1).value
    }
}
