import DescentCore
@testable import DescentDistributed
import DescentOptimize
import Foundation
import Testing

/// The checkpoint file format (versions 1 and 2) without MPI: exact round trips, optimizer states
/// restored from their numbers, minimizer states carried as JSON, and one-line errors naming the
/// file and line.
@Suite("CheckpointFormat")
struct CheckpointFormatTests {
    private let sample = Checkpoint(step: 3, ranks: 2, params: Tensor([[0.1, -Double.leastNonzeroMagnitude * 3], [.infinity, 1 / 3]]),
                                            state: [3, 0.1, .nan], losses: [0.6931471805599453, 0.5, 1e300])

    @Test func textRoundTripsEveryBit() throws {
        let read = try Checkpoint(text: sample.text, path: "c.ckpt")
        #expect(read.step == 3 && read.ranks == 2)
        #expect(read.params.shape == [2, 2])
        #expect(read.params.scalars.map(\.bitPattern) == sample.params.scalars.map(\.bitPattern))
        #expect(read.state.map(\.bitPattern) == sample.state.map(\.bitPattern))
        #expect(read.losses == sample.losses)
        #expect(sample.text.hasPrefix("descent-checkpoint 1\nkind data-parallel-training\nstep 3\nranks 2\nparams 2 2 2\n"))
    }

    @Test func adamStateIsRestoredFromItsNumbers() throws {
        let optimizer = adam(learningRate: 0.1)
        let start = Tensor([1, 2, 3])
        var params = start
        var state = optimizer.initialize(start)
        for k in 0..<4 { optimizer.step(&params, gradient: Tensor([Double(k), -1, 0.5]), state: &state) }
        let saved = Checkpoint(step: 4, ranks: 1, params: params, state: state.checkpointScalars, losses: [])
        let read = try Checkpoint(text: saved.text, path: "c")
        let (restoredParams, restored) = try read.restore(like: start, state: optimizer.initialize(start))
        #expect(restoredParams == params)
        #expect(restored.first == state.first && restored.second == state.second)
        // Momentum SGD (an optional Trace) too.
        let momentum = sgd(learningRate: 0.1, momentum: 0.9)
        var velocity = momentum.initialize(start)
        var theta = start
        momentum.step(&theta, gradient: Tensor([1, 1, 1]), state: &velocity)
        var reader = CheckpointReader(velocity.checkpointScalars)
        let back = try momentum.initialize(start).restored(from: &reader)
        #expect(back.first?.trace == velocity.first?.trace && back.second == velocity.second && reader.isAtEnd)
    }

    @Test func minimizationCheckpointsAreNotTrainingCheckpoints() throws {
        let saved = Checkpoint(kind: .minimization, step: 4, ranks: 2, params: Tensor([1, 2]), state: [], losses: [3, 2, 1.5, 1.25, 1.2])
        let read = try Checkpoint(text: saved.text, path: "m.ckpt")
        #expect(read == saved)
        #expect(saved.text.hasPrefix("descent-checkpoint 1\nkind minimization\nstep 4\n"))
        #expect(throws: CheckpointError.wrongKind(path: "m.ckpt", found: "minimization", expected: "data-parallel-training")) {
            try read.restore(like: Tensor([0, 0]), state: 0, path: "m.ckpt")
        }
        // Other algorithms name their own kinds.
        let pageRank = try #require(Checkpoint.Kind(rawValue: "pagerank"))
        let own = try Checkpoint(text: Checkpoint(kind: pageRank, step: 1, ranks: 1, params: Tensor([0.5, 0.5]), state: [], losses: []).text, path: "p")
        #expect(own.kind == pageRank)
        #expect(Checkpoint.Kind(rawValue: "Page Rank") == nil && Checkpoint.Kind(rawValue: "") == nil)
    }

    /// A minimization checkpoint with a `MinimizerState` is written as version 2 and reads back to
    /// the same text, so the state's JSON (and every bit in it) survives.
    @Test func minimizerStateTravelsAsOneLineOfJSON() throws {
        let problem = TestProblem.rosenbrock
        var states: [MinimizerState<LBFGS.State>] = []
        _ = try minimize(problem.objective, from: problem.start, using: LBFGS(), stateInterval: 5) { states.append($0) }
        let state = try #require(states.first)
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        let saved = Checkpoint(kind: .minimization, step: 5, ranks: 2, params: state.iterate.x, state: [], losses: [1, 0.5],
                               minimizerState: json)
        #expect(saved.text.hasPrefix("descent-checkpoint 2\nkind minimization\nstep 5\n"))
        #expect(saved.text.hasSuffix("losses 2\n1.0 0.5\nminimizer-state\n\(json)\nend\n"))
        let read = try Checkpoint(text: saved.text, path: "m.ckpt")
        #expect(read == saved)
        let decoded = try JSONDecoder().decode(MinimizerState<LBFGS.State>.self, from: Data(try #require(read.minimizerState).utf8))
        #expect(decoded == state && decoded.iterate.x.scalars.map(\.bitPattern) == state.iterate.x.scalars.map(\.bitPattern))
        // Without a state it stays version 1, readable by the libraries that read only version 1.
        var plain = saved
        plain.minimizerState = nil
        #expect(plain.text.hasPrefix("descent-checkpoint 1\n") && !plain.text.contains("minimizer-state"))
    }

    @Test func mismatchedCheckpointsAreTypedErrors() throws {
        let optimizer = adam(learningRate: 0.1)
        let start = Tensor([1, 2, 3])
        let wrongShape = Checkpoint(step: 1, ranks: 1, params: Tensor([1, 2]), state: [], losses: [])
        #expect(throws: CheckpointError.shapeMismatch(path: "w.ckpt", saved: [2], expected: [3])) {
            try wrongShape.restore(like: start, state: optimizer.initialize(start), path: "w.ckpt")
        }
        let tooFew = Checkpoint(step: 1, ranks: 1, params: start, state: [1, 0, 0], losses: [])
        #expect(throws: CheckpointError.stateMismatch("the optimizer state needs more than the 3 numbers saved")) {
            try tooFew.restore(like: start, state: optimizer.initialize(start))
        }
        let tooMany = Checkpoint(step: 1, ranks: 1, params: start, state: [Double](repeating: 0, count: 9), losses: [])
        #expect(throws: CheckpointError.stateMismatch("9 numbers saved, the optimizer's state has 8")) {
            try tooMany.restore(like: start, state: optimizer.initialize(start))
        }
    }

    @Test(arguments: [
        ("hello\n", "checkpoint c.ckpt, line 1: not a Descent checkpoint (no 'descent-checkpoint' header)"),
        ("descent-checkpoint 3\n", "checkpoint c.ckpt has format version 3; this library reads versions 1 to 2"),
        ("descent-checkpoint 1\nkind Other kind\n", "checkpoint c.ckpt, line 2: expected 'kind' and a name of lowercase letters, digits and hyphens"),
        ("descent-checkpoint 1\nkind data-parallel-training\nstep x\n", "checkpoint c.ckpt, line 3: 'x' is not a count"),
        ("descent-checkpoint 1\nkind data-parallel-training\nstep 1\nranks 1\nparams 1 2\n1 oops\n",
         "checkpoint c.ckpt, line 6: 'oops' is not a number"),
        ("descent-checkpoint 1\nkind data-parallel-training\nstep 1\nranks 1\nparams 1 2\n1\n",
         "checkpoint c.ckpt, line 6: expected 2 numbers, found 1"),
        ("descent-checkpoint 1\nkind data-parallel-training\nstep 1\nranks 1\nparams 2 2\n",
         "checkpoint c.ckpt, line 5: the shape does not match its rank"),
        ("descent-checkpoint 1\nkind data-parallel-training\nstep 1\nranks 1\nparams 1 1\n1\nstate 0\n\nlosses 0\n\n",
         "checkpoint c.ckpt, line 11: expected 'end'"),
        ("descent-checkpoint 1\nkind data-parallel-training\nstep 1\nranks 1\nparams 1 1\n1\nstate 0\n\nlosses 0\n",
         "checkpoint c.ckpt, line 11: the file ends early"),
        // Version 1 has no minimizer state; version 2's is followed by `end`.
        ("descent-checkpoint 1\nkind minimization\nstep 1\nranks 1\nparams 1 1\n1\nstate 0\n\nlosses 0\n\nminimizer-state\n{}\nend\n",
         "checkpoint c.ckpt, line 11: expected 'end'"),
        ("descent-checkpoint 2\nkind minimization\nstep 1\nranks 1\nparams 1 1\n1\nstate 0\n\nlosses 0\n\nminimizer-state\n{}\n",
         "checkpoint c.ckpt, line 13: expected 'end'"),
        ("descent-checkpoint 2\nkind minimization\nstep 1\nranks 1\nparams 1 1\n1\nstate 0\n\nlosses 0\n\nstate\n",
         "checkpoint c.ckpt, line 11: expected 'minimizer-state' or 'end'"),
    ])
    func malformedFilesSayWhereAndWhat(text: String, message: String) {
        #expect(throws: (any Error).self) { try Checkpoint(text: text, path: "c.ckpt") }
        do {
            _ = try Checkpoint(text: text, path: "c.ckpt")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func errorsReadAsOneLine() {
        #expect("\(CommunicatorError.timedOut(operation: "allreduce", seconds: 2.5, rank: 0, size: 4))"
                == "allreduce made no progress for 2.5 s on rank 0 of 4: another rank has failed or stalled")
        #expect("\(CommunicatorError.messageTooLarge(operation: "allgather", count: 1 << 31))"
                == "allgather: 2147483648 elements exceed MPI's limit of 2147483647 per message")
        #expect("\(CheckpointError.unwritable(path: "/x/c", reason: "cannot write /x/c: No such file or directory"))"
                == "cannot write checkpoint /x/c: cannot write /x/c: No such file or directory")
    }
}
