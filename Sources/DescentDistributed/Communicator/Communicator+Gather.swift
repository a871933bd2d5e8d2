import CDescentMPI
import DescentCore

extension Communicator {
    /// Every rank's `values`, concatenated in rank order, on every rank (`MPI_Iallgather`):
    /// [x⁽⁰⁾, x⁽¹⁾, …, x⁽ᴾ⁻¹⁾]. Every rank passes the same count n; use `allgatherv` otherwise.
    /// - Returns: P·n values.
    /// - Throws: `CommunicatorError` when MPI fails or the deadline passes.
    public func allgather(_ values: [Double]) throws -> [Double] {
        let count = try messageCount(values.count, "allgather")
        _ = try messageCount(values.count * size, "allgather")
        var result = [Double](repeating: 0, count: values.count * size)
        counter.record("allgather", bytes: 8 * values.count)
        var request = descent_mpi_request_null()
        try values.withUnsafeBufferPointer { send in
            try result.withUnsafeMutableBufferPointer { receive in
                try Communicator.check(MPI_Iallgather(send.baseAddress, count, descent_mpi_double(),
                                                      receive.baseAddress, count, descent_mpi_double(), handle, &request),
                                       "MPI_Iallgather")
                try complete(&request, "allgather")
            }
        }
        return result
    }

    /// Every rank's number, in rank order, on every rank.
    public func allgather(_ value: Double) throws -> [Double] {
        try allgather([value])
    }

    /// Every rank's integer, in rank order, on every rank (as 64-bit integers, exactly).
    public func allgather(_ value: Int) throws -> [Int] {
        try allgather(integers: [value])
    }

    /// Every rank's integers (the same count on every rank), concatenated in rank order.
    func allgather(integers values: [Int]) throws -> [Int] {
        let count = try messageCount(values.count, "allgather")
        let send = values.map { Int64($0) }
        var result = [Int64](repeating: 0, count: values.count * size)
        counter.record("allgather", bytes: 8 * values.count)
        var request = descent_mpi_request_null()
        try send.withUnsafeBufferPointer { send in
            try result.withUnsafeMutableBufferPointer { receive in
                try Communicator.check(MPI_Iallgather(send.baseAddress, count, descent_mpi_int64(),
                                                      receive.baseAddress, count, descent_mpi_int64(), handle, &request),
                                       "MPI_Iallgather")
                try complete(&request, "allgather")
            }
        }
        return result.map { Int($0) }
    }

    /// Every rank's `values`, of any length (zero included), concatenated in rank order on every
    /// rank (`MPI_Iallgatherv`), e.g. the pieces of a vector whose rows are split unevenly.
    /// Exchanges the counts first; pass `counts` when every rank already knows them.
    /// - Returns: Σᵣ nᵣ values: rank 0's, then rank 1's, …
    /// - Throws: `CommunicatorError` when MPI fails or the deadline passes.
    public func allgatherv(_ values: [Double]) throws -> [Double] {
        try allgatherv(values, counts: try allgather(values.count))
    }

    /// `allgatherv` with the counts nᵣ of every rank known in advance (one collective instead of two).
    /// - Throws: `CommunicatorError.mismatch` when `counts` does not have P entries or its entry for
    ///   this rank is not `values.count`; `CommunicatorError` when MPI fails or the deadline passes.
    public func allgatherv(_ values: [Double], counts: [Int]) throws -> [Double] {
        guard counts.count == size else {
            throw CommunicatorError.mismatch(operation: "allgatherv", detail: "\(counts.count) counts for \(size) ranks")
        }
        guard counts[rank] == values.count else {
            throw CommunicatorError.mismatch(operation: "allgatherv",
                                             detail: "rank \(rank) sends \(values.count) values but its count is \(counts[rank])")
        }
        let total = counts.reduce(0, +)
        let receiveCounts = try counts.map { try messageCount($0, "allgatherv") }
        var displacements = [Int32](repeating: 0, count: size)
        var offset = 0
        for r in 0..<size {
            displacements[r] = try messageCount(offset, "allgatherv")
            offset += counts[r]
        }
        // Every rank takes part even when nothing at all is sent; MPI reads and writes no data then,
        // but its buffers must still be valid addresses, hence at least one element each.
        var result = [Double](repeating: 0, count: Swift.max(total, 1))
        counter.record("allgatherv", bytes: 8 * values.count)
        var request = descent_mpi_request_null()
        let send = values.isEmpty ? [0.0] : values
        try send.withUnsafeBufferPointer { send in
            try result.withUnsafeMutableBufferPointer { receive in
                try Communicator.check(MPI_Iallgatherv(send.baseAddress, receiveCounts[rank], descent_mpi_double(),
                                                       receive.baseAddress, receiveCounts, displacements, descent_mpi_double(),
                                                       handle, &request), "MPI_Iallgatherv")
                try complete(&request, "allgatherv")
            }
        }
        if total == 0 { return [] }
        return result
    }

    /// The row blocks of a matrix split across ranks, stacked in rank order on every rank: rank r
    /// holds rows [o_r, o_r + m_r) of an M × d matrix (m_r may be 0); every rank gets the M × d
    /// matrix. A vector (rank 1) is treated as a column and gives a vector.
    /// - Throws: `CommunicatorError.mismatch` when the ranks' tensors differ in rank or column
    ///   count (the message names both); `CommunicatorError` when MPI fails or the deadline passes.
    public func allgatherRows(_ block: Tensor) throws -> Tensor {
        precondition(block.rank == 1 || block.rank == 2, "allgatherRows: needs a vector or a matrix, got shape \(block.shape)")
        let shapes = try allgather(integers: [block.rank, block.rows, block.columns])
        for r in 0..<size where shapes[3 * r] != block.rank || shapes[3 * r + 2] != block.columns {
            throw CommunicatorError.mismatch(operation: "allgatherRows",
                                             detail: "rank \(r) has a block of rank \(shapes[3 * r]) with \(shapes[3 * r + 2]) columns, "
                                                 + "rank \(rank) one of rank \(block.rank) with \(block.columns) columns")
        }
        let rowCounts = (0..<size).map { shapes[3 * $0 + 1] }
        let values = try allgatherv(block.scalars, counts: rowCounts.map { $0 * block.columns })
        let rows = rowCounts.reduce(0, +)
        return Tensor(shape: block.rank == 1 ? [rows] : [rows, block.columns], scalars: values)
    }
}
