import CDescentMPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A group of processes (ranks) that exchange data through MPI: the world of `mpirun -np P`, or a
/// part of it made by `split`.
///
/// Every rank runs the same program; a collective (`allreduce`, `broadcast`, `allgather`,
/// `allgatherv`, `barrier`, `split`) must be called by every rank of the communicator, in the same
/// order, with agreeing arguments. Collectives run as MPI's nonblocking operations completed by
/// `MPI_Wait`, or, when `collectiveTimeout` is set, polled with `MPI_Test` until a deadline, so that
/// a failed or stalled rank ends the job with a message instead of a hang (`CommunicatorError.timedOut`).
///
/// Lifecycle: `try Communicator.initialize()` once at the start of the program (a second call returns
/// the world again), `try Communicator.finalize()` once at the end. Every communicator is set to
/// `MPI_ERRORS_RETURN`, so MPI's errors become `CommunicatorError`s.
///
/// ```
/// let world = try Communicator.initialize()
/// var gradient = localGradientSum(shard)           // this rank's rows
/// try world.allreduce(&gradient)                   // Σ over all ranks, on every rank
/// try Communicator.finalize()
/// ```
///
/// Reference: Message Passing Interface Forum, *MPI: A Message-Passing Interface Standard*, version 3.1
/// (2015), ch. 5 (collectives) and ch. 6 (communicators).
public struct Communicator: @unchecked Sendable {
    // MPI handles are plain values (a pointer in Open MPI, an integer in MPICH) naming an object
    // that MPI owns and that is safe to use from one thread at a time, as MPI_Init requires.
    let handle: MPI_Comm
    /// This process's rank, 0 ≤ rank < size.
    public let rank: Int
    /// The number of ranks P.
    public let size: Int
    /// The longest a collective may wait for the other ranks, in seconds; `nil` waits forever.
    ///
    /// When set, each collective is polled (`MPI_Test`, yielding the processor between polls) and
    /// throws `CommunicatorError.timedOut` once the deadline passes. Set it well above the slowest
    /// rank's compute time between two collectives.
    public var collectiveTimeout: Double?
    /// Shared by this communicator's copies.
    let counter = TrafficCounter()

    init(handle: MPI_Comm, collectiveTimeout: Double?) throws {
        var rank: Int32 = 0, size: Int32 = 0
        try Communicator.check(MPI_Comm_rank(handle, &rank), "MPI_Comm_rank")
        try Communicator.check(MPI_Comm_size(handle, &size), "MPI_Comm_size")
        self.handle = handle
        self.rank = Int(rank)
        self.size = Int(size)
        self.collectiveTimeout = collectiveTimeout
    }

    /// Whether this is rank 0, the rank that prints and writes files by convention.
    public var isRoot: Bool { rank == 0 }

    /// The collectives this communicator (and its copies) ran since it was made or last reset,
    /// with the bytes this rank contributed.
    public var traffic: CollectiveTraffic { counter.value }

    /// Starts the traffic counts again from zero (e.g. after setting up, before the iterations).
    public func resetTraffic() { counter.reset() }

    /// The rows of an N-row table that this rank holds in the balanced contiguous split:
    /// [⌊r·N/P⌋, ⌊(r + 1)·N/P⌋), so the ranks' ranges partition 0..<N in rank order and their
    /// sizes differ by at most one (a rank gets no rows when N < P).
    /// - Precondition: `count ≥ 0`.
    public func rowRange(of count: Int) -> Range<Int> {
        precondition(count >= 0, "rowRange: count \(count) is negative")
        return (rank * count / size)..<((rank + 1) * count / size)
    }

    /// This communicator with a collective deadline of `seconds` (`nil`: none).
    /// - Precondition: `seconds` is positive and finite when given.
    public func withCollectiveTimeout(_ seconds: Double?) -> Communicator {
        if let seconds { precondition(seconds > 0 && seconds.isFinite, "Communicator: timeout \(seconds) is not a positive number of seconds") }
        var copy = self
        copy.collectiveTimeout = seconds
        return copy
    }

    // MARK: - Lifecycle

    /// Starts MPI (`MPI_Init_thread`, asking for `MPI_THREAD_SERIALIZED`) unless it is already running, sets `MPI_ERRORS_RETURN` on the world,
    /// and returns the world communicator. Safe to call more than once before `finalize()`.
    /// - Throws: `CommunicatorError.alreadyFinalized` after `finalize()`; `.mpi` if MPI fails to start.
    @discardableResult
    public static func initialize() throws -> Communicator {
        if isFinalized { throw CommunicatorError.alreadyFinalized }
        if !isInitialized {
            // MPI_THREAD_SERIALIZED: Swift code may move between threads, and MPI calls then come
            // from more than one thread, though never two at once (MPI_Init's single-thread level
            // would not allow that). Libraries that grant less still work for the usual program
            // that calls MPI from its main thread only.
            var provided: Int32 = 0
            try check(descent_mpi_init_serialized(&provided), "MPI_Init_thread")
        }
        try check(descent_mpi_errors_return(descent_mpi_comm_world()), "MPI_Comm_set_errhandler")
        return try Communicator(handle: descent_mpi_comm_world(), collectiveTimeout: nil)
    }

    /// Ends MPI (`MPI_Finalize`); every rank must call it. Does nothing when MPI was never started or
    /// is already finalized, so it is safe to call once more from a cleanup path.
    public static func finalize() throws {
        guard isInitialized, !isFinalized else { return }
        try check(MPI_Finalize(), "MPI_Finalize")
    }

    /// Whether `MPI_Init` has run in this process.
    public static var isInitialized: Bool {
        var flag: Int32 = 0
        MPI_Initialized(&flag)
        return flag != 0
    }

    /// Whether `MPI_Finalize` has run in this process.
    public static var isFinalized: Bool {
        var flag: Int32 = 0
        MPI_Finalized(&flag)
        return flag != 0
    }

    /// All the ranks started by `mpirun` (`MPI_COMM_WORLD`).
    /// - Throws: `CommunicatorError.notInitialized` before `initialize()`.
    public static var world: Communicator {
        get throws {
            guard isInitialized, !isFinalized else { throw CommunicatorError.notInitialized(operation: "Communicator.world") }
            return try Communicator(handle: descent_mpi_comm_world(), collectiveTimeout: nil)
        }
    }

    // MARK: - Groups

    /// Splits the ranks into disjoint communicators, one per `color` (`MPI_Comm_split`); within
    /// each, ranks are ordered by `key`, then by their rank here. Ranks passing `color: nil` take
    /// part in the call but join none and get `nil`. The new communicator keeps this one's timeout.
    /// - Throws: `CommunicatorError` when MPI fails or the deadline passes.
    public func split(color: Int?, key: Int = 0) throws -> Communicator? {
        var result = descent_mpi_comm_null()
        let colorValue = color.map { Int32(clamping: $0) } ?? descent_mpi_undefined()
        try Communicator.check(MPI_Comm_split(handle, colorValue, Int32(clamping: key), &result), "MPI_Comm_split")
        guard color != nil, let result else { return nil }
        try Communicator.check(descent_mpi_errors_return(result), "MPI_Comm_set_errhandler")
        return try Communicator(handle: result, collectiveTimeout: collectiveTimeout)
    }

    /// Waits until every rank has reached the barrier (`MPI_Ibarrier`).
    /// - Throws: `CommunicatorError` when MPI fails or the deadline passes.
    public func barrier() throws {
        var request = descent_mpi_request_null()
        counter.record("barrier", bytes: 0)
        try Communicator.check(MPI_Ibarrier(handle, &request), "MPI_Ibarrier")
        try complete(&request, "barrier")
    }

    // MARK: - Ending a job

    /// Ends the whole job from this rank: prints `descent: rank R of P: MESSAGE` on stderr and calls
    /// `MPI_Abort`, which makes `mpirun` stop every rank and exit with `code`. For an error that this
    /// rank cannot recover from while the others wait in a collective (the only way to not hang).
    public func abortJob(_ message: String, code: Int32 = 1) -> Never {
        let line = "descent: rank \(rank) of \(size): \(message)\n"
        fflush(nil)  // whatever this rank printed so far comes first
        _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        MPI_Abort(handle, code)
        exit(code)
    }

    /// The value of `body`, or — if it throws — the end of the job through `abortJob`, with
    /// `context: error` as the message. For collectives inside closures that cannot throw (an
    /// `Objective`'s, a `LinearOperator`'s `apply`), where returning would leave the other ranks waiting.
    public func abortingOnError<T>(_ context: String, _ body: () throws -> T) -> T {
        do {
            return try body()
        } catch {
            abortJob("\(context): \(error)")
        }
    }

    // MARK: - Plumbing

    /// Throws `CommunicatorError.mpi` with MPI's own message for a code other than `MPI_SUCCESS`.
    static func check(_ code: Int32, _ operation: String) throws {
        guard code != descent_mpi_success() else { return }
        var buffer = [CChar](repeating: 0, count: Int(descent_mpi_max_error_string()) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &buffer, &length)
        let message = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw CommunicatorError.mpi(operation: operation, code: code, message: message)
    }

    /// The count of an MPI message, which must fit in MPI's `int`.
    func messageCount(_ count: Int, _ operation: String) throws -> Int32 {
        guard let value = Int32(exactly: count) else { throw CommunicatorError.messageTooLarge(operation: operation, count: count) }
        return value
    }

    /// Completes a nonblocking operation: `MPI_Wait` without a timeout; otherwise `MPI_Test` in a
    /// loop that yields the processor and gives up at the deadline.
    func complete(_ request: inout MPI_Request?, _ operation: String) throws {
        guard let timeout = collectiveTimeout else {
            try Communicator.check(descent_mpi_wait(&request), operation)
            return
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64((timeout * 1000).rounded(.up)))
        var done: Int32 = 0
        var polls = 0
        while true {
            try Communicator.check(descent_mpi_test(&request, &done), operation)
            if done != 0 { return }
            polls += 1
            if polls < 1000 {
                sched_yield()
            } else {
                // Past the first millisecond or so the other ranks are computing; poll every 50 µs
                // rather than spinning a core an oversubscribed rank may need.
                if clock.now >= deadline {
                    throw CommunicatorError.timedOut(operation: operation, seconds: timeout, rank: rank, size: size)
                }
                var pause = timespec(tv_sec: 0, tv_nsec: 50_000)
                nanosleep(&pause, nil)
            }
        }
    }
}
