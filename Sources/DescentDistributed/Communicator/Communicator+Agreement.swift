extension Communicator {
    /// Runs this rank's part of a set-up that may fail on its own data (a shard with a NaN, a bad
    /// label) and makes every rank agree on the outcome, so that a failure on one rank is an error
    /// on all of them at once instead of a wait for the collective deadline on the others.
    ///
    /// Every rank calls it. After `body`, one allreduce (min) finds b, the lowest rank whose body
    /// threw; when there is one, b broadcasts its error's message. Cost without a failure: one
    /// allreduce of one integer.
    /// - Parameters:
    ///   - operation: what is being set up, for the other ranks' message.
    ///   - body: this rank's checks (and any local work).
    /// - Returns: the value of `body` when no rank failed.
    /// - Throws: on a rank whose body threw, its own error; on every other rank
    ///   `CommunicatorError.failedOnRank` with b's message; `CommunicatorError` from the collectives.
    public func agreeing<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        let outcome = Result(catching: body)
        var failure: Error?
        if case .failure(let error) = outcome { failure = error }
        let firstFailed = try allreduce(failure == nil ? size : rank, .min)
        guard firstFailed < size else { return try outcome.get() }
        var message = Array((failure.map { "\($0)" } ?? "").utf8)
        try broadcast(&message, root: firstFailed)
        if let failure { throw failure }
        throw CommunicatorError.failedOnRank(operation: operation, rank: firstFailed, message: String(decoding: message, as: UTF8.self))
    }
}
