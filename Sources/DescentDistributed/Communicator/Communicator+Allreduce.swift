import CDescentMPI
import DescentCore

extension Communicator {
    /// Replaces `values` on every rank by the element-wise reduction over all ranks:
    /// xᵢ ← Σᵣ xᵢ⁽ʳ⁾ (or max, min) for r = 0, …, P − 1 (`MPI_Iallreduce` in place).
    ///
    /// With `order: .rankOrdered` a sum is formed by every rank in rank order from the gathered
    /// partial vectors, so it is bit-identical on every rank and every run (see `ReductionOrder`).
    /// - Parameters:
    ///   - values: this rank's contribution; the reduction on return. Every rank passes the same count.
    ///   - operation: `.sum` (default), `.max` or `.min`.
    ///   - order: `.mpi` (default) or `.rankOrdered`.
    /// - Throws: `CommunicatorError` when MPI fails or the deadline passes.
    /// - Complexity: about 2n doubles sent per rank with `.mpi`; (P − 1)·n received with `.rankOrdered`.
    public func allreduce(_ values: inout [Double], _ operation: ReductionOperation = .sum,
                          order: ReductionOrder = .mpi) throws {
        if order == .rankOrdered && operation == .sum {
            if size == 1 { return }
            let n = values.count
            let gathered = try allgather(values)
            gathered.withUnsafeBufferPointer { parts in
                values.withUnsafeMutableBufferPointer { result in
                    for i in 0..<n {
                        var total = parts[i]
                        for r in 1..<size { total += parts[r * n + i] }
                        result[i] = total
                    }
                }
            }
            return
        }
        let count = try messageCount(values.count, "allreduce")
        counter.record("allreduce", bytes: 8 * values.count)
        var request = descent_mpi_request_null()
        try values.withUnsafeMutableBufferPointer { buffer in
            try Communicator.check(MPI_Iallreduce(descent_mpi_in_place(), buffer.baseAddress, count, descent_mpi_double(),
                                                  descent_mpi_op(operation.rawValue), handle, &request), "MPI_Iallreduce")
            try complete(&request, "allreduce")
        }
    }

    /// Replaces a tensor's elements by their reduction over all ranks (see `allreduce(_:_:order:)`
    /// for arrays); every rank passes a tensor with the same number of elements.
    public func allreduce(_ tensor: inout Tensor, _ operation: ReductionOperation = .sum,
                          order: ReductionOrder = .mpi) throws {
        try allreduce(&tensor.scalars, operation, order: order)
    }

    /// Replaces a number by its reduction over all ranks: x ← Σᵣ x⁽ʳ⁾ (or max, min).
    public func allreduce(_ value: inout Double, _ operation: ReductionOperation = .sum,
                          order: ReductionOrder = .mpi) throws {
        var values = [value]
        try allreduce(&values, operation, order: order)
        value = values[0]
    }

    /// The reduction of a count over all ranks, exact: Σᵣ n⁽ʳ⁾ (or max, min), e.g. the total number
    /// of rows from each rank's shard size.
    public func allreduce(_ value: Int, _ operation: ReductionOperation = .sum) throws -> Int {
        let all = try allgather(value)
        switch operation {
        case .sum: return all.reduce(0, +)
        case .max: return all.max() ?? value
        case .min: return all.min() ?? value
        }
    }
}
