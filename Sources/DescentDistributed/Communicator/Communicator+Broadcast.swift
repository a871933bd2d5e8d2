import CDescentMPI
import DescentCore

extension Communicator {
    /// Copies `values` from `root` to every rank (`MPI_Ibcast`), whatever their length elsewhere:
    /// the count is broadcast first and the other ranks' arrays are resized to it.
    /// - Throws: `CommunicatorError.invalidRank` for a root outside 0..<P; `CommunicatorError` when
    ///   MPI fails or the deadline passes.
    public func broadcast(_ values: inout [Double], root: Int = 0) throws {
        var count = values.count
        try broadcast(&count, root: root)
        if rank != root { values = [Double](repeating: 0, count: count) }
        try broadcastElements(&values, type: descent_mpi_double(), root: root)
    }

    /// Copies a tensor (shape and elements) from `root` to every rank.
    public func broadcast(_ tensor: inout Tensor, root: Int = 0) throws {
        var shape = [tensor.rank] + tensor.shape
        var shapeLength = shape.count
        try broadcast(&shapeLength, root: root)
        if rank != root { shape = [Int](repeating: 0, count: shapeLength) }
        var wide = shape.map { Int64($0) }
        try broadcastElements(&wide, type: descent_mpi_int64(), root: root)
        let dimensions = wide.dropFirst().map { Int($0) }
        var scalars = rank == root ? tensor.scalars : [Double](repeating: 0, count: dimensions.reduce(1, *))
        try broadcastElements(&scalars, type: descent_mpi_double(), root: root)
        if rank != root { tensor = Tensor(shape: dimensions, scalars: scalars) }
    }

    /// Copies a number from `root` to every rank.
    public func broadcast(_ value: inout Double, root: Int = 0) throws {
        var values = [value]
        try broadcastElements(&values, type: descent_mpi_double(), root: root)
        value = values[0]
    }

    /// Copies an integer from `root` to every rank.
    public func broadcast(_ value: inout Int, root: Int = 0) throws {
        var values = [Int64(value)]
        try broadcastElements(&values, type: descent_mpi_int64(), root: root)
        value = Int(values[0])
    }

    /// Copies bytes (a file's contents, a UTF-8 string) from `root` to every rank, resizing the
    /// others' arrays.
    public func broadcast(_ bytes: inout [UInt8], root: Int = 0) throws {
        var count = bytes.count
        try broadcast(&count, root: root)
        if rank != root { bytes = [UInt8](repeating: 0, count: count) }
        try broadcastElements(&bytes, type: descent_mpi_byte(), root: root)
    }

    /// `MPI_Ibcast` of an array whose length is already the same on every rank.
    func broadcastElements<Element>(_ values: inout [Element], type: MPI_Datatype, root: Int) throws {
        guard (0..<size).contains(root) else { throw CommunicatorError.invalidRank(operation: "broadcast", rank: root, size: size) }
        if values.isEmpty { return }
        let count = try messageCount(values.count, "broadcast")
        counter.record("broadcast", bytes: rank == root ? MemoryLayout<Element>.stride * values.count : 0)
        var request = descent_mpi_request_null()
        try values.withUnsafeMutableBytes { buffer in
            try Communicator.check(MPI_Ibcast(buffer.baseAddress, count, type, Int32(root), handle, &request), "MPI_Ibcast")
            try complete(&request, "broadcast")
        }
    }
}
