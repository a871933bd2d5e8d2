import DescentCore
import DescentOptimize
import Foundation
import Testing

@Suite struct ScratchMeasure {
    func show<M: OptimizationMethod>(_ m: M, _ p: TestProblem, _ options: OptimizationOptions) {
        do {
            let r = try minimize(p.objective, from: p.start, using: m, options: options)
            print("MEASURE \(m.name) \(p.name): \(r.termination) f=\(r.minimum) g=\(r.gradientNorm) it=\(r.iterations) nfev=\(r.functionEvaluations) ngev=\(r.gradientEvaluations) nhev=\(r.hessianEvaluations) nhvp=\(r.hessianVectorProductEvaluations)")
        } catch { print("MEASURE error \(error)") }
    }
    @Test func measure() {
        let env = ProcessInfo.processInfo.environment["MEASURE"] ?? "tr"
        let options = OptimizationOptions(gradientTolerance: 1e-5, gradientNorm: .two, maxIterations: 3000)
        var problems = TrustRegionProblems.all.map(\.problem)
        problems += [TestProblem.rosenbrock, .beale, .himmelblau]
        for p in problems {
            if env.contains("tr") {
                for s in [TrustRegion.Subproblem.exact, .krylov, .steihaugCG] { show(TrustRegion(subproblem: s, initialRadius: env.contains("r1") ? 1 : nil), p, options) }
            }
            if env.contains("old") {
                for s in [TrustRegion.Subproblem.exact, .krylov, .steihaugCG] { show(TrustRegion(subproblem: s, initialRadius: 1, maxRadius: 1000), p, options) }
            }
            if env.contains("newton") {
                show(Newton(lineSearch: BacktrackingLineSearch()), p, options)
                show(Newton(), p, options)
                show(Newton(lineSearch: StrongWolfeLineSearch(), modification: .modifiedCholesky), p, options)
                show(Newton(lineSearch: BacktrackingLineSearch(), modification: .modifiedCholesky), p, options)
            }
        }
    }
}
@Suite struct ScratchEnum {
    @Test func show() {
        let m = Newton().modification
        print("ENUM added=\(Newton(lineSearch: StrongWolfeLineSearch(), modification: .addedIdentity).modification) damp=\(Newton(damping: 2).modification) default=\(m) explicit=\(Newton(lineSearch: StrongWolfeLineSearch(), modification: .modifiedCholesky).modification) name=\(Newton(lineSearch: StrongWolfeLineSearch(), modification: .modifiedCholesky).name) eq=\(Newton<StrongWolfeLineSearch>.Modification.modifiedCholesky == .addedIdentity)")
    }
}
