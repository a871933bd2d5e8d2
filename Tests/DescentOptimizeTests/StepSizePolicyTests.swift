import DescentCore
import DescentOptimize
import Testing

/// One policy for every step size and learning rate in DescentOptimize: a constant that is not
/// positive and finite is the programmer's mistake, so it fails a precondition (whose message
/// names the API, the parameter and the value); it is never a thrown error.
@Suite("Step-size policy")
struct StepSizePolicyTests {
    @Test("a non-positive or non-finite constant step size traps in every API that takes one")
    func badStepSizesTrap() async {
        await #expect(processExitsWith: .failure) { _ = adam(learningRate: 0.0) }
        await #expect(processExitsWith: .failure) { _ = scaleByLearningRate(-0.1) }
        await #expect(processExitsWith: .failure) { _ = FixedStep(.infinity) }
        await #expect(processExitsWith: .failure) { _ = DiminishingStep(scale: 0) }
        let sagaExit = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let problem = FiniteSumProblem(count: 2, gradient: { w, _ in w })
            _ = saga(problem, from: Tensor([1.0]), learningRate: -1.0)
        }
        let message = String(decoding: sagaExit?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("saga: learningRate must be positive and finite, got -1.0"), "\(message)")
        await #expect(processExitsWith: .failure) {
            let problem = FiniteSumProblem(count: 2, gradient: { w, _ in w })
            _ = svrg(problem, from: Tensor([1.0]), learningRate: Double.nan)
        }
        let proximalExit = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try? minimize(Quadratic(matrix: .identity(2), linear: .zeros([2])).objective, from: Tensor([1.0, 1.0]),
                              using: ProximalGradient(regularizer: L1Penalty(0.1), stepSize: .fixed(0)))
        }
        let proximalMessage = String(decoding: proximalExit?.standardErrorContent ?? [], as: UTF8.self)
        #expect(proximalMessage.contains("ProximalGradient: stepSize must be positive and finite, got 0.0"), "\(proximalMessage)")
    }

    @Test("a schedule's values are not checked up front; positive constants pass")
    func goodStepSizesPass() {
        let problem = FiniteSumProblem(count: 2, gradient: { w, _ in w })
        let result = sarah(problem, from: Tensor([1.0]), learningRate: Schedule.constant(0.5), options: StochasticOptions(epochs: 1))
        #expect(result.minimizer.isFinite)
        _ = FixedStep(1e-300)
        _ = adam(learningRate: Schedule { _ in 0 })
    }
}
