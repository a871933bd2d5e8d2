/// Why a `Communicator` operation failed, in one line.
///
/// MPI's own errors come back as codes because every communicator is set to `MPI_ERRORS_RETURN`
/// (MPI's default, `MPI_ERRORS_ARE_FATAL`, would abort the job without a word from Swift).
public enum CommunicatorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An MPI call returned an error code; `message` is MPI's `MPI_Error_string` for it.
    case mpi(operation: String, code: Int32, message: String)
    /// A collective made no progress before the communicator's deadline: a rank has probably failed
    /// or stalled. The operation is still outstanding, so the communicator cannot be used again;
    /// end the job with `Communicator.abortJob`.
    case timedOut(operation: String, seconds: Double, rank: Int, size: Int)
    /// `initialize()` was called after `finalize()`: MPI cannot be started twice in one process.
    case alreadyFinalized
    /// An operation was used before `Communicator.initialize()`.
    case notInitialized(operation: String)
    /// A message longer than MPI's `int` counts allow (2³¹ − 1 elements).
    case messageTooLarge(operation: String, count: Int)
    /// Ranks passed arguments that must agree but do not (shapes, counts).
    case mismatch(operation: String, detail: String)
    /// A rank argument outside 0..<size.
    case invalidRank(operation: String, rank: Int, size: Int)
    /// Another rank's part of a collective set-up failed (`Communicator.agreeing`): its rank and
    /// its error's message, so that every rank can report the cause.
    case failedOnRank(operation: String, rank: Int, message: String)

    /// One line naming the operation and the cause.
    public var description: String {
        switch self {
        case let .mpi(operation, code, message):
            return "\(operation): MPI error \(code): \(message)"
        case let .timedOut(operation, seconds, rank, size):
            return "\(operation) made no progress for \(formatSeconds(seconds)) s on rank \(rank) of \(size): "
                + "another rank has failed or stalled"
        case .alreadyFinalized:
            return "MPI was already finalized in this process and cannot be initialized again"
        case let .notInitialized(operation):
            return "\(operation): MPI is not initialized (call Communicator.initialize() first)"
        case let .messageTooLarge(operation, count):
            return "\(operation): \(count) elements exceed MPI's limit of \(Int32.max) per message"
        case let .mismatch(operation, detail):
            return "\(operation): \(detail)"
        case let .invalidRank(operation, rank, size):
            return "\(operation): rank \(rank) is outside 0..<\(size)"
        case let .failedOnRank(operation, rank, message):
            return "\(operation) failed on rank \(rank): \(message)"
        }
    }
}

/// Seconds for messages: whole numbers without a fraction, others with up to three decimals.
func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String((seconds * 1000).rounded() / 1000)
}
