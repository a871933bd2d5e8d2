import Descent

/// Calls per timed batch for the microsecond-scale Rosenbrock case; times are reported per call
/// (as `ROSENBROCK_BATCH` in Benchmarks/peers/autodiff_common.py).
let rosenbrockBatch = 1000

/// The autodiff cases: the same functions, inputs and derivatives as the JAX and PyTorch peers
/// (Benchmarks/peers/autodiff_common.py describes them).
let autodiffCases: [BenchmarkCase] = [
    BenchmarkCase(name: "rosenbrock2_vg", peer: "jax.jit(jax.value_and_grad(f)), f(x).backward()") { _, repeats, warmup in
        let start = Tensor([-1.2, 1.0])
        func rosenbrock(_ x: Variable) -> Variable {
            let a = x[0], b = x[1]
            let u = 1 - a, v = b - a * a
            return u * u + 100 * (v * v)
        }
        var timing = timed(repeats, warmup, { () -> (value: Double, gradient: Tensor) in
            var last = valueAndGradient(of: rosenbrock, at: start)
            for _ in 1..<rosenbrockBatch { last = valueAndGradient(of: rosenbrock, at: start) }
            return last
        }, check: { $0.value + $0.gradient.sum() })
        timing.scale(by: 1 / Double(rosenbrockBatch))
        return timing
    },
    BenchmarkCase(name: "logistic_vg", peer: "jax.jit(jax.value_and_grad(f)), f(w).backward()") { data, repeats, warmup in
        let x = Variable(data.tensor("logistic_x", shape: [10_000, 100]))
        let y = data.tensor("logistic_y", shape: [10_000]), w = data.tensor("logistic_w", shape: [100])
        return timed(repeats, warmup, {
            valueAndGradient(of: { w in binaryCrossEntropy(logits: matmul(x, w), labels: y) }, at: w)
        }, check: { $0.value + $0.gradient.sum() })
    },
    BenchmarkCase(name: "tanhnet_hvp", peer: "jax.jit(jvp(grad(f))), double backward") { data, repeats, warmup in
        let x = Variable(data.tensor("tanhnet_x", shape: [1000, 100])), y = data.tensor("tanhnet_y", shape: [1000])
        let theta = data.tensor("tanhnet_theta", shape: [3265]), v = data.tensor("tanhnet_v", shape: [3265])
        func loss(_ t: Variable) -> Variable {
            let w1 = t.slice(0..<3200).reshaped([100, 32]), b1 = t.slice(3200..<3232)
            let w2 = t.slice(3232..<3264), b2 = t.slice(3264..<3265)
            return meanSquaredError(predictions: matmul(tanh(matmul(x, w1) + b1), w2) + b2, targets: y)
        }
        return timed(repeats, warmup, { hessianVectorProduct(of: loss, at: theta, direction: v) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "hessian50", peer: "jax.jit(jax.hessian(f)), torch.autograd.functional.hessian") { data, repeats, warmup in
        let start = data.tensor("hessian50_x", shape: [50])
        func extendedRosenbrock(_ x: Variable) -> Variable {
            let head = x.slice(0..<49), tail = x.slice(1..<50)
            let u = tail - head * head, v = 1 - head
            return (100 * (u * u) + v * v).sum()
        }
        return timed(repeats, warmup, { hessian(of: extendedRosenbrock, at: start) }, check: { $0.sum() })
    },
]
