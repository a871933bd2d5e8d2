import CDescentMPI

extension Communicator {
    /// Sends bytes to one rank (`MPI_Send`, blocking until the buffer may be reused). Point-to-point
    /// calls have no deadline; the collectives are what the library's algorithms use.
    /// - Throws: `CommunicatorError.invalidRank`, or `.mpi` when MPI fails.
    public func send(_ bytes: [UInt8], to destination: Int, tag: Int = 0) throws {
        guard (0..<size).contains(destination) else {
            throw CommunicatorError.invalidRank(operation: "send", rank: destination, size: size)
        }
        let count = try messageCount(bytes.count, "send")
        try bytes.withUnsafeBytes { buffer in
            try Communicator.check(MPI_Send(buffer.baseAddress, count, descent_mpi_byte(), Int32(destination), Int32(tag), handle),
                                   "MPI_Send")
        }
    }

    /// Receives exactly `count` bytes from one rank (`MPI_Recv`, blocking).
    /// - Throws: `CommunicatorError.invalidRank`, or `.mpi` when MPI fails (a longer message
    ///   is MPI's truncation error).
    public func receive(count: Int, from source: Int, tag: Int = 0) throws -> [UInt8] {
        guard (0..<size).contains(source) else {
            throw CommunicatorError.invalidRank(operation: "receive", rank: source, size: size)
        }
        let length = try messageCount(count, "receive")
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { buffer in
            try Communicator.check(descent_mpi_recv(buffer.baseAddress, length, descent_mpi_byte(), Int32(source), Int32(tag), handle),
                                   "MPI_Recv")
        }
        return bytes
    }
}
