/// The element-wise reduction of an allreduce: `.sum` (MPI_SUM), `.max` (MPI_MAX), `.min` (MPI_MIN).
public enum ReductionOperation: Int32, Sendable, CaseIterable {
    /// xᵢ = Σᵣ xᵢ⁽ʳ⁾.
    case sum = 0
    /// xᵢ = maxᵣ xᵢ⁽ʳ⁾.
    case max = 1
    /// xᵢ = minᵣ xᵢ⁽ʳ⁾.
    case min = 2
}

/// The order in which the ranks' contributions to a sum are added.
///
/// Floating-point addition is not associative, so a sum's last bits depend on the order of its
/// terms. MPI leaves that order to the implementation (ring, recursive doubling, tree, chosen by
/// message size and rank count), so `.mpi` sums may change in the last bits with the number of
/// ranks, with the MPI library or its tuning, and (MPI does not promise otherwise) between ranks.
///
/// `.rankOrdered` makes every sum reproducible: each rank's partial vector is gathered on every
/// rank (`MPI_Allgather`), and every rank adds them in rank order,
/// s = (((x⁽⁰⁾ + x⁽¹⁾) + x⁽²⁾) + … + x⁽ᴾ⁻¹⁾), so all ranks hold the identical bits, and a rerun with
/// the same ranks and shards gives the identical bits whatever algorithm MPI picks. It moves
/// P·n doubles to every rank instead of about 2n, which is cheap for the n of a model's gradient
/// (thousands) and costly for long vectors; `max` and `min` are exact in any order, so the option
/// changes only sums.
public enum ReductionOrder: Sendable, Equatable {
    /// MPI's own algorithm (`MPI_Allreduce`): the fastest, reproducible only to round-off.
    case mpi
    /// Allgather, then add in rank order on every rank: bit-identical on every rank and every run.
    case rankOrdered
}
