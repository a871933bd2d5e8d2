import ArgumentParser
import Descent

extension MinimizeCommand {
    /// The methods `--method` offers.
    public enum Method: String, CaseIterable, ExpressibleByArgument, Sendable {
        case gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, lion
        case cg, bb, newton, trustRegion = "trust-region", trustExact = "trust-exact", trustKrylov = "trust-krylov", dogleg
        case bfgs, lbfgs, newtonCG = "newton-cg"
        case lm, gaussNewton = "gauss-newton"

        /// Whether it is one of the gradient transformations (step set by --lr, no line search).
        var isTransformation: Bool { [.momentum, .nesterov, .adagrad, .rmsprop, .adam, .adamw, .lion].contains(self) }

        /// Whether it needs residuals (`--residuals`) rather than one expression.
        public var isLeastSquares: Bool { self == .lm || self == .gaussNewton }
    }

    /// The line searches `--line-search` accepts.
    public enum LineSearchChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
        case fixed, diminishing, armijo, wolfe, exact
    }

    /// Runs the chosen method with its line search and step.
    /// - Throws: `UsageError` for `--lr`, `--line-search` or bounds with a method they do not apply to.
    static func optimize(_ objective: Objective, from start: Tensor, method: Method, learningRate: Double?,
                         lineSearch: LineSearchChoice?, bounds: Bounds? = nil, options: OptimizationOptions) throws -> OptimizationResult {
        func run<M: OptimizationMethod>(_ m: M) throws -> OptimizationResult {
            try minimize(objective, from: start, using: m, options: options)
        }

        if lineSearch != nil && method != .gd && method != .newton {
            throw UsageError("--line-search applies to gd and newton only, not \(method.rawValue)")
        }
        let takesRate = method == .gd || method.isTransformation
        if learningRate != nil && !takesRate {
            throw UsageError("--lr applies to gd and the first-order methods, not \(method.rawValue)")
        }
        if bounds != nil && !MinimizeBounds.supportingMethods.contains(method) {
            let names = MinimizeBounds.supportingMethods.map(\.rawValue).joined(separator: ", ")
            throw UsageError("--lower/--upper apply to \(names) (L-BFGS-B) only, not \(method.rawValue)")
        }
        if method.isLeastSquares && objective.leastSquares == nil {
            throw UsageError("--method \(method.rawValue) needs --residuals \"r1; r2; …\" (it minimizes ½‖r‖²), not --expr")
        }
        let rate = learningRate ?? 0.01
        let result: OptimizationResult
        switch method {
        case .gd:
            switch lineSearch ?? (learningRate == nil ? .armijo : .fixed) {
            case .fixed: result = try run(GradientDescent(lineSearch: FixedStep(rate)))
            case .diminishing: result = try run(GradientDescent(lineSearch: DiminishingStep(scale: rate, decay: .inverseSquareRoot)))
            case .armijo: result = try run(GradientDescent())
            case .wolfe: result = try run(GradientDescent(lineSearch: StrongWolfeLineSearch()))
            case .exact: result = try run(GradientDescent(lineSearch: ExactLineSearch()))
            }
        case .newton:
            switch lineSearch ?? .wolfe {
            case .armijo: result = try run(Newton(lineSearch: BacktrackingLineSearch()))
            case .wolfe: result = try run(Newton())
            case let other: throw UsageError("--line-search \(other.rawValue) does not apply to newton (use armijo or wolfe)")
            }
        case .momentum: result = try run(TransformationDescent(sgd(learningRate: rate, momentum: 0.9), name: "momentum"))
        case .nesterov: result = try run(TransformationDescent(sgd(learningRate: rate, momentum: 0.9, nesterov: true), name: "nesterov"))
        case .adagrad: result = try run(TransformationDescent(adagrad(learningRate: rate), name: "adagrad"))
        case .rmsprop: result = try run(TransformationDescent(rmsprop(learningRate: rate), name: "rmsprop"))
        case .adam: result = try run(TransformationDescent(adam(learningRate: rate), name: "adam"))
        case .adamw: result = try run(TransformationDescent(adamw(learningRate: rate), name: "adamw"))
        case .lion: result = try run(TransformationDescent(lion(learningRate: rate), name: "lion"))
        case .cg: result = try run(ConjugateGradient())
        case .bb: result = try run(BarzilaiBorwein())
        case .trustRegion: result = try run(TrustRegion())
        case .trustExact: result = try run(TrustRegion(subproblem: .exact))
        case .trustKrylov: result = try run(TrustRegion(subproblem: .krylov))
        case .dogleg: result = try run(TrustRegion(subproblem: .dogleg))
        case .bfgs: result = try run(BFGS())
        case .lbfgs: result = try bounds.map { try run(LBFGSB(bounds: $0)) } ?? run(LBFGS())
        case .newtonCG: result = try run(NewtonCG())
        case .lm: result = try run(LevenbergMarquardt())
        case .gaussNewton: result = try run(GaussNewton())
        }
        return result
    }
}
