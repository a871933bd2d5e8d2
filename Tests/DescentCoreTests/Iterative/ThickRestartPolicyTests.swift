@testable import DescentCore
import Testing

/// How many Ritz pairs the thick restart keeps (`ThickRestartLanczos.keptCount`): few beyond the k
/// wanted until some converge, one more per converged pair up to half of the spare room.
@Suite("Thick-restart policy")
struct ThickRestartPolicyTests {
    @Test("p = k + q + min(converged, (room − k − q)/2) with q = (room − k)/4, within room")
    func keptCountRule() {
        // Basis 30, single vectors: room 28, k = 6, so q = 5 and at most 8 more.
        #expect(ThickRestartLanczos.keptCount(wanted: 6, converged: 0, room: 28) == 11)
        #expect(ThickRestartLanczos.keptCount(wanted: 6, converged: 3, room: 28) == 14)
        #expect(ThickRestartLanczos.keptCount(wanted: 6, converged: 6, room: 28) == 17)
        #expect(ThickRestartLanczos.keptCount(wanted: 20, converged: 20, room: 28) == 25)   // q = 2, then 3 more
        // Never more than the room, never fewer than k when k fits.
        for room in 1...40 {
            for k in 1...room {
                var previous = 0
                for converged in 0...k {
                    let p = ThickRestartLanczos.keptCount(wanted: k, converged: converged, room: room)
                    #expect(p >= k && p <= room && p >= previous, "room \(room), k \(k), converged \(converged): \(p)")
                    previous = p
                }
            }
        }
        // A basis too small for k keeps all the room (lanczos refuses such a basis, but restart must not overflow).
        #expect(ThickRestartLanczos.keptCount(wanted: 8, converged: 0, room: 5) == 5)
    }

    @Test("a restart keeps keptCount pairs: more once wanted pairs meet the target")
    func restartKeepsMoreAsPairsConverge() throws {
        // diag with four separated top values (3…6) over a dense bottom: the top converges first.
        let n = 400
        let a = Tensor.diagonal((0..<n).map { i in i < n - 4 ? Double(i) / Double(n) : Double(i - n + 7) })
        for converged in [0, 2, 4] {
            var solver = ThickRestartLanczos(n: n, blockSize: 1, basisSize: 30, seed: 5, orthogonality: 1e-10)
            while !solver.needsRestart { _ = solver.expand(a, atMost: 1) }
            let pairs = try #require(solver.ritzPairs())
            let order = EigenvalueSelection.largest.preferenceOrder(ofAscending: pairs.values)
            // A target that exactly `converged` of the 4 wanted estimates meet.
            let estimates = order.prefix(4).map { pairs.estimates[$0] }.sorted()
            let target = converged == 0 ? -1 : estimates[converged - 1]
            #expect(estimates.filter { $0 <= target }.count == converged)
            let room = 30 - 1 - 1
            solver.restart(keeping: pairs, order: order, wanted: 4, convergedBelow: target, lockBelow: 0)
            #expect(solver.active == ThickRestartLanczos.keptCount(wanted: 4, converged: converged, room: room))
            #expect(solver.front == 1)
        }
    }
}
