import DescentCore
import DescentOptimize

/// How the ranks' local sums are combined into the objective: their sum, or their mean over all
/// N = Σᵣ nᵣ rows (empirical risk, the convention of scikit-learn's losses).
public enum FiniteSumScaling: Sendable, Equatable {
    /// f(x) = Σᵣ Fᵣ(x).
    case sum
    /// f(x) = (1/N) Σᵣ Fᵣ(x).
    case mean
}

/// A finite sum f(x) = s · Σᵣ Fᵣ(x) over the ranks of a communicator, where each rank r holds a
/// shard of the rows and computes Fᵣ(x) = Σ_{i ∈ shard r} fᵢ(x), its gradient and its
/// Hessian-vector products; s is 1 or 1/N (`FiniteSumScaling`).
///
/// `objective` is an ordinary `Objective` whose closures compute the local pieces and sum them
/// across ranks with one allreduce per call (value and gradient travel in one message of n + 1
/// doubles), so every deterministic `minimize` method — L-BFGS, BFGS, Newton-CG, trust region,
/// with their line searches and stopping rules — runs unchanged, in lockstep on every rank:
///
/// ```
/// let world = try Communicator.initialize()
/// let shard = try DistributedObjective.logisticRegression(x: myRows, y: myLabels, communicator: world)
/// let result = try minimize(shard.objective.addingL2Penalty(1e-3), from: .zeros([d]), using: LBFGS())
/// // every rank holds the same result; rank 0 prints it
/// ```
///
/// Lockstep needs every rank to take the same branch at every test, i.e. to see the same bits. The
/// default `order: .rankOrdered` guarantees it (each sum is added in rank order on every rank, see
/// `ReductionOrder`), and makes the run reproducible bit for bit; `.mpi` is faster for long
/// gradients and relies on the MPI library returning the same bits on every rank (Open MPI's and
/// MPICH's allreduce do). Against one process holding all rows, the iterates agree to the round-off
/// of the different order of summation. Options that differ between ranks break lockstep:
/// `timeLimit` (clocks differ) and callbacks that stop on one rank only.
///
/// A collective that fails inside a closure cannot throw through `Objective`'s closures; the rank
/// ends the job with `Communicator.abortJob`, which prints the reason.
///
/// Regularization belongs to the whole sum, not to each shard: add it once to `objective`
/// (`addingL2Penalty(λ)`), never in the local closures.
///
/// Reference: J. Dean et al., "Large scale distributed deep networks", NIPS 2012 (data-parallel
/// L-BFGS); W. Gropp, E. Lusk and A. Skjellum, *Using MPI*, 3rd ed., MIT Press, 2014.
public struct DistributedObjective {
    /// The ranks that share the sum.
    public let communicator: Communicator
    /// This rank's number of rows nᵣ (0 allowed).
    public let localCount: Int
    /// The total number of rows N = Σᵣ nᵣ.
    public let globalCount: Int
    /// Sum or mean.
    public let scaling: FiniteSumScaling
    /// How the sums across ranks are added.
    public let order: ReductionOrder
    /// f with its gradient (and Hessian-vector products when given), summed across ranks.
    public let objective: Objective

    /// The distributed sum of local pieces.
    /// - Parameters:
    ///   - communicator: the ranks; every rank constructs the objective with the same `scaling`
    ///     and `order` and a closure of the same model.
    ///   - localCount: nᵣ, the rows of this rank's shard (used by `.mean`).
    ///   - scaling: `.mean` (default) divides by N; `.sum` does not.
    ///   - order: `.rankOrdered` (default, reproducible) or `.mpi`.
    ///   - valueAndGradient: x ↦ (Fᵣ(x), ∇Fᵣ(x)), the local sums (zero and a zero tensor for an empty shard).
    ///   - value: x ↦ Fᵣ(x) alone, cheaper for line-search trial points; optional.
    ///   - hessianVectorProduct: (x, v) ↦ ∇²Fᵣ(x)·v, the local sum; optional (Newton-CG, trust region).
    /// - Throws: `CommunicatorError` when the row counts cannot be summed, or
    ///   `.mismatch` when every rank's shard is empty.
    public init(communicator: Communicator, localCount: Int, scaling: FiniteSumScaling = .mean,
                order: ReductionOrder = .rankOrdered,
                valueAndGradient: @escaping (Tensor) -> (value: Double, gradient: Tensor),
                value: ((Tensor) -> Double)? = nil,
                hessianVectorProduct: ((Tensor, Tensor) -> Tensor)? = nil) throws {
        precondition(localCount >= 0, "DistributedObjective: localCount \(localCount) is negative")
        let total = try communicator.allreduce(localCount)
        guard total > 0 else {
            throw CommunicatorError.mismatch(operation: "DistributedObjective", detail: "every rank's shard is empty")
        }
        self.communicator = communicator
        self.localCount = localCount
        self.globalCount = total
        self.scaling = scaling
        self.order = order
        let factor = scaling == .mean ? 1 / Double(total) : 1
        func reduce(_ values: inout [Double], _ what: String) {
            communicator.abortingOnError("the allreduce of the \(what) failed") { try communicator.allreduce(&values, order: order) }
            if factor != 1 { for i in values.indices { values[i] *= factor } }
        }
        let combined: (Tensor) -> (value: Double, gradient: Tensor) = { x in
            let (value, gradient) = valueAndGradient(x)
            // One message: the gradient's n entries, then the value.
            var message = gradient.scalars
            message.append(value)
            reduce(&message, "value and gradient")
            let f = message.removeLast()
            return (f, Tensor(shape: gradient.shape, scalars: message))
        }
        let valueOnly: ((Tensor) -> Double)? = value.map { local in
            { x in
                var message = [local(x)]
                reduce(&message, "value")
                return message[0]
            }
        }
        let product: ((Tensor, Tensor) -> Tensor)? = hessianVectorProduct.map { local in
            { x, v in
                var product = local(x, v)
                reduce(&product.scalars, "Hessian-vector product")
                return product
            }
        }
        self.objective = Objective(valueAndGradient: combined, value: valueOnly, hessianVectorProduct: product)
    }
}
