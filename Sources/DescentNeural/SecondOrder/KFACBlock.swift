import DescentCore

/// Where one dense layer's parameters sit in the flat θ: the block of the Fisher that K-FAC
/// approximates by a Kronecker product A ⊗ G.
///
/// The layer computes s = a·Wᵀ + b (W is [outputs, inputs], PyTorch's layout). K-FAC treats the
/// bias as one more input column, W̄ = [W | b] of shape outputs × (inputs + 1) acting on the
/// augmented input ā = [a, 1], so that ∇W̄ = E[g āᵀ] and the block's Fisher is ≈ E[āāᵀ] ⊗ E[ggᵀ].
public struct KFACBlock: Sendable, Hashable {
    /// The index of the layer in `Sequential.layers`.
    public let layerIndex: Int
    /// The offset of W (row-major, [outputs, inputs]) in θ.
    public let weightOffset: Int
    /// The offset of b in θ, `nil` for a layer without bias.
    public let biasOffset: Int?
    /// The layer's input width.
    public let inputs: Int
    /// The layer's output width (the order of G).
    public let outputs: Int

    /// A block description (normally obtained from `Sequential.kfacBlocks`).
    public init(layerIndex: Int, weightOffset: Int, biasOffset: Int?, inputs: Int, outputs: Int) {
        self.layerIndex = layerIndex
        self.weightOffset = weightOffset
        self.biasOffset = biasOffset
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The order of A: inputs + 1 with a bias (ā = [a, 1]), inputs without.
    public var augmentedInputs: Int { inputs + (biasOffset == nil ? 0 : 1) }

    /// ∇W̄ = [∇W | ∇b], outputs × augmentedInputs, gathered from a flat vector of θ's layout.
    func gather(_ flat: UnsafeBufferPointer<Double>) -> Tensor {
        let (m, n, d) = (outputs, inputs, augmentedInputs)
        return Tensor(shape: [m, d], unsafeUninitialized: { out in
            for i in 0..<m {
                for j in 0..<n { out[i * d + j] = flat[weightOffset + i * n + j] }
                if let biasOffset { out[i * d + n] = flat[biasOffset + i] }
            }
        })
    }

    /// Writes an outputs × augmentedInputs matrix back into θ's layout (the inverse of `gather`).
    func scatter(_ block: Tensor, into flat: UnsafeMutableBufferPointer<Double>) {
        let (m, n, d) = (outputs, inputs, augmentedInputs)
        block.scalars.withUnsafeBufferPointer { src in
            for i in 0..<m {
                for j in 0..<n { flat[weightOffset + i * n + j] = src[i * d + j] }
                if let biasOffset { flat[biasOffset + i] = src[i * d + n] }
            }
        }
    }
}

extension Sequential {
    /// One `KFACBlock` per `Dense` layer, in order. Parameters of other layers (layer
    /// normalization, embeddings) belong to no block: K-FAC passes their gradient through
    /// unchanged (an identity block).
    public var kfacBlocks: [KFACBlock] {
        var blocks: [KFACBlock] = []
        var tensor = 0
        let offsets = parameterLayout.offsets
        for (index, layer) in layers.enumerated() {
            let specs = layerParameterSpecs[index]
            if let dense = layer as? Dense {
                blocks.append(KFACBlock(layerIndex: index, weightOffset: offsets[tensor],
                                        biasOffset: dense.hasBias ? offsets[tensor + 1] : nil,
                                        inputs: specs[0].shape[1], outputs: specs[0].shape[0]))
            }
            tensor += specs.count
        }
        return blocks
    }
}
