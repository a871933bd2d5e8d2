import DescentCore
import DescentDistributed

/// A check run on every rank: the world, its arguments, and where to record failures.
typealias CheckBody = @Sendable (Communicator, [String], inout Failures) throws -> Void

/// The checks by name.
enum Check {
    static let all: [String: CheckBody] = [
        "collectives": collectivesCheck,
        "pingpong": pingPongCheck,
        "minimize": minimizeCheck,
        "adam": adamCheck,
        "peer": peerCheck,
        "svrg": svrgCheck,
        "minimize-checkpoint": minimizeCheckpointCheck,
        "train": trainCheck,
        "fault": faultCheck,
        "bad-shard": badShardCheck,
        "models": modelsCheck,
        "pagerank": pageRankCheck,
        "scale": scaleCheck,
    ]
}

/// This rank's failed expectations, printed as they happen.
struct Failures {
    let rank: Int
    private(set) var count = 0

    init(rank: Int) { self.rank = rank }

    /// Records a failure unless `condition` holds.
    mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        guard !condition else { return }
        count += 1
        print("FAIL rank \(rank): \(message())")
    }

    /// Records a failure unless max |a − b| ≤ tolerance (same counts).
    mutating func expectClose(_ a: [Double], _ b: [Double], tolerance: Double, _ what: String) {
        guard a.count == b.count else {
            expect(false, "\(what): \(a.count) values, expected \(b.count)")
            return
        }
        var worst = 0.0
        for (x, y) in zip(a, b) { worst = max(worst, abs(x - y)) }
        expect(worst <= tolerance, "\(what): max |difference| \(worst) > \(tolerance)")
    }
}
