import DescentCore
import Foundation

/// The saved state of a long distributed run: a data-parallel training run (the step count, the
/// parameters θ, the optimizer state flattened by `CheckpointableState`, the loss history) or a
/// minimization (the iteration count, the iterate x_k, the values f(x_0 … x_k) and, from format
/// version 2, the driver's whole `MinimizerState` — the method's memory included — as JSON).
///
/// File format, version 1: UTF-8 text, one record per line, numbers in Swift's shortest
/// round-tripping decimal form (so a value reads back to the same bits; `nan`, `inf`, `-inf` allowed):
///
/// ```
/// descent-checkpoint 1
/// kind data-parallel-training   or: kind minimization
/// step 20                      completed steps t (iterations k)
/// ranks 4                      ranks that wrote it (informational: resuming on another count is allowed)
/// params 1 3                   rank of θ, then its shape
/// 0.25 -1.5 3                  θ, row-major, on one line
/// state 7                      how many optimizer-state numbers
/// 20 0.1 …                     the numbers, in `checkpointScalars` order
/// losses 20                    how many losses (values)
/// 0.69 0.68 …                  the mean loss of each step (f at each iterate)
/// end
/// ```
///
/// Version 2 adds one record before `end`, `minimizer-state`, followed by one line of JSON: the
/// `MinimizerState` of a minimization (iterate, counts, the method's memory such as L-BFGS's pairs),
/// from which the run resumes bit for bit. A checkpoint without it is written as version 1, so
/// training checkpoints read as before; both versions are read.
///
/// Rank 0 writes it through `OutputFile` (a temporary file renamed over the old one, so a job
/// killed while writing leaves the previous checkpoint intact) and reads it for the others, which
/// receive it by broadcast; the file need exist only where rank 0 runs.
public struct Checkpoint: Equatable, Sendable {
    /// The newest format version, written when the checkpoint has a `minimizerState` (version 1 otherwise).
    public static let formatVersion = 2
    /// The format versions read.
    public static let readableVersions = 1...formatVersion

    /// What kind of run saved the checkpoint: a lowercase name (letters, digits, hyphens), so that
    /// other distributed algorithms can name their own (`Checkpoint.Kind(rawValue: "pagerank")`)
    /// and a run never resumes from another kind's file.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        /// The name written after `kind`.
        public let rawValue: String

        /// A kind named `rawValue`, or `nil` unless it is lowercase letters, digits and hyphens.
        public init?(rawValue: String) {
            guard !rawValue.isEmpty, rawValue.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
                return nil
            }
            self.rawValue = rawValue
        }

        /// `DataParallelTraining.train`.
        public static let dataParallelTraining = Kind(rawValue: "data-parallel-training")!
        /// `DistributedObjective.minimize(_:from:using:options:checkpoint:)`.
        public static let minimization = Kind(rawValue: "minimization")!
    }

    /// The kind of run.
    public var kind: Kind

    /// Completed steps.
    public var step: Int
    /// The number of ranks of the run that saved it.
    public var ranks: Int
    /// θ after `step` steps.
    public var params: Tensor
    /// The optimizer state's numbers.
    public var state: [Double]
    /// The mean loss of each completed step.
    public var losses: [Double]
    /// A minimization's `MinimizerState` as one line of JSON (format version 2), or nil.
    public var minimizerState: String?

    /// A checkpoint of these values.
    /// - Parameters:
    ///   - kind: the kind of run.
    ///   - step: completed steps (iterations).
    ///   - ranks: the ranks of the run.
    ///   - params: θ (x_k).
    ///   - state: the optimizer state's numbers.
    ///   - losses: the loss (f) of each completed step.
    ///   - minimizerState: a minimization's state as one line of JSON (no line break), or nil.
    public init(kind: Kind = .dataParallelTraining, step: Int, ranks: Int, params: Tensor, state: [Double], losses: [Double],
                minimizerState: String? = nil) {
        precondition(!(minimizerState?.contains("\n") ?? false), "Checkpoint: the minimizer state must be one line")
        self.kind = kind; self.step = step; self.ranks = ranks; self.params = params; self.state = state; self.losses = losses
        self.minimizerState = minimizerState
    }

    /// The version this checkpoint is written in: 2 with a minimizer state, 1 without.
    public var version: Int { minimizerState == nil ? 1 : 2 }

    /// The file's text (format above).
    public var text: String {
        func line(_ values: [Double]) -> String { values.map { "\($0)" }.joined(separator: " ") }
        return """
        descent-checkpoint \(version)
        kind \(kind.rawValue)
        step \(step)
        ranks \(ranks)
        params \(([params.rank] + params.shape).map(String.init).joined(separator: " "))
        \(line(params.scalars))
        state \(state.count)
        \(line(state))
        losses \(losses.count)
        \(line(losses))
        \(minimizerState.map { "minimizer-state\n\($0)\n" } ?? "")end

        """
    }

    /// Parses a checkpoint's text; `path` is for messages.
    /// - Throws: `CheckpointError.malformed` (with the line) or `.unsupportedVersion`.
    public init(text: String, path: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The 1-based number of the line being parsed (one past the end once the text runs out).
        var lineNumber = 0
        func fail(_ reason: String) -> CheckpointError { .malformed(path: path, line: lineNumber, reason: reason) }
        func next() throws -> String {
            lineNumber += 1
            guard lineNumber <= lines.count else { throw fail("the file ends early") }
            return lines[lineNumber - 1]
        }
        func record(_ name: String) throws -> [Int] {
            let fields = try next().split(separator: " ").map(String.init)
            guard fields.first == name else { throw fail("expected '\(name) …', found '\(fields.joined(separator: " "))'") }
            return try fields.dropFirst().map { field in
                guard let value = Int(field), value >= 0 else { throw fail("'\(field)' is not a count") }
                return value
            }
        }
        func numbers(_ count: Int) throws -> [Double] {
            let fields = try next().split(separator: " ")
            guard fields.count == count else { throw fail("expected \(count) numbers, found \(fields.count)") }
            return try fields.map { field in
                guard let value = Double(field) else { throw fail("'\(field)' is not a number") }
                return value
            }
        }
        let header = try next()
        guard header.hasPrefix("descent-checkpoint ") else { throw fail("not a Descent checkpoint (no 'descent-checkpoint' header)") }
        guard let version = Int(header.dropFirst("descent-checkpoint ".count)) else { throw fail("the version is not a number") }
        guard Checkpoint.readableVersions.contains(version) else { throw CheckpointError.unsupportedVersion(path: path, version: version) }
        let kindLine = try next()
        guard kindLine.hasPrefix("kind "), let kind = Kind(rawValue: String(kindLine.dropFirst(5))) else {
            throw fail("expected 'kind' and a name of lowercase letters, digits and hyphens")
        }
        guard let step = try record("step").first, let ranks = try record("ranks").first else { throw fail("a count is missing") }
        let shapeRecord = try record("params")
        guard let rank = shapeRecord.first, shapeRecord.count == rank + 1 else { throw fail("the shape does not match its rank") }
        let shape = Array(shapeRecord.dropFirst())
        let params = Tensor(shape: shape, scalars: try numbers(shape.reduce(1, *)))
        guard let stateCount = try record("state").first else { throw fail("the state count is missing") }
        let state = try numbers(stateCount)
        guard let lossCount = try record("losses").first else { throw fail("the loss count is missing") }
        let losses = try numbers(lossCount)
        var minimizerState: String?
        let last = try next()
        if version >= 2 && last == "minimizer-state" {
            minimizerState = try next()
            guard try next() == "end" else { throw fail("expected 'end'") }
        } else if last != "end" {
            throw fail(version >= 2 ? "expected 'minimizer-state' or 'end'" : "expected 'end'")
        }
        self.init(kind: kind, step: step, ranks: ranks, params: params, state: state, losses: losses, minimizerState: minimizerState)
    }

    /// θ and the optimizer state from this checkpoint, shaped like the run's start and template.
    /// - Throws: `CheckpointError.shapeMismatch` or `.stateMismatch`.
    func restore<State: CheckpointableState>(like start: Tensor, state template: State, path: String = "")
        throws -> (Tensor, State) {
        try requireKind(.dataParallelTraining, path: path)
        guard params.shape == start.shape else {
            throw CheckpointError.shapeMismatch(path: path, saved: params.shape, expected: start.shape)
        }
        var reader = CheckpointReader(state)
        let restored = try template.restored(from: &reader)
        guard reader.isAtEnd else {
            throw CheckpointError.stateMismatch("\(state.count) numbers saved, the optimizer's state has \(template.checkpointScalars.count)")
        }
        return (params, restored)
    }

    /// Throws `CheckpointError.wrongKind` unless this checkpoint is of `expected` kind.
    public func requireKind(_ expected: Kind, path: String) throws {
        guard kind == expected else { throw CheckpointError.wrongKind(path: path, found: kind.rawValue, expected: expected.rawValue) }
    }

    /// Writes the checkpoint from rank 0 (atomically, through `OutputFile`) and tells every rank
    /// whether that worked; every rank calls it.
    /// - Throws: `CheckpointError.unwritable` on every rank when rank 0 could not write;
    ///   `CommunicatorError`.
    public func save(_ path: String, communicator: Communicator) throws {
        var failure: [UInt8] = []
        if communicator.isRoot {
            do {
                try OutputFile.write(text, to: path)
            } catch {
                failure = Array("\(error)".utf8)
            }
        }
        try communicator.broadcast(&failure, root: 0)
        if !failure.isEmpty { throw CheckpointError.unwritable(path: path, reason: String(decoding: failure, as: UTF8.self)) }
    }

    /// The checkpoint at `path` as rank 0 sees it, on every rank (read by rank 0 and broadcast);
    /// `nil` when there is no file. Every rank calls it.
    /// - Throws: `CheckpointError` on every rank when rank 0 cannot read or parse it; `CommunicatorError`.
    public static func load(_ path: String, communicator: Communicator) throws -> Checkpoint? {
        // Rank 0 sends a status (0: no file, 1: the file's bytes follow, 2: an error message follows).
        var status = 0
        var bytes: [UInt8] = []
        if communicator.isRoot && FileManager.default.fileExists(atPath: path) {
            if let data = FileManager.default.contents(atPath: path) {
                status = 1
                bytes = Array(data)
            } else {
                status = 2
                bytes = Array("the file exists but cannot be read".utf8)
            }
        }
        try communicator.broadcast(&status, root: 0)
        guard status != 0 else { return nil }
        try communicator.broadcast(&bytes, root: 0)
        let text = String(decoding: bytes, as: UTF8.self)
        if status == 2 { throw CheckpointError.unreadable(path: path, reason: text) }
        return try Checkpoint(text: text, path: path)
    }
}
