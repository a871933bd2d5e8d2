import ArgumentParser
import Descent
import Foundation

/// `descent minimize --expr E --x0 "x=-1.2,y=1" --method M`: minimizes an expression from a point.
///
/// Derivatives are exact (reverse-mode gradient, Hessian-vector products by differentiating the
/// gradient); the `minimize` driver owns the loop, so every method reports the same fields.
public struct MinimizeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Minimize an expression from a starting point with a chosen method.",
        discussion: """
            Methods: gd (line search: armijo by default, or fixed/diminishing with --lr, wolfe, exact), \
            momentum, nesterov, adagrad, rmsprop, adam, adamw, lion (first-order, step --lr, default 0.01), \
            cg, bb, newton (line search armijo or wolfe), trust-region, bfgs, lbfgs, newton-cg. \
            Stops when the gradient's largest entry is at most --tol. JSON keys: x (name → value), value, \
            gradient_norm, iterations, function_evaluations, gradient_evaluations, termination. \
            --plot FILE.svg draws the loss curve, and for two variables the path over the contours of f.
            """
    )

    /// The methods the verb offers.
    public enum Method: String, CaseIterable, ExpressibleByArgument, Sendable {
        case gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, lion
        case cg, bb, newton, trustRegion = "trust-region", bfgs, lbfgs, newtonCG = "newton-cg"

        /// Whether it is one of the gradient transformations (step set by --lr, no line search).
        var isTransformation: Bool { [.momentum, .nesterov, .adagrad, .rmsprop, .adam, .adamw, .lion].contains(self) }
    }

    /// The line searches `--line-search` accepts.
    public enum LineSearchChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
        case fixed, diminishing, armijo, wolfe, exact
    }

    @Option(name: .long, parsing: .unconditional, help: "The expression, e.g. \"100*(y - x^2)^2 + (1 - x)^2\".")
    public var expr: String

    @Option(name: .long, parsing: .unconditional, help: "The starting point, e.g. \"x=-1.2,y=1\"; this order is the variable order.")
    public var x0: String

    @Option(name: .long, help: "The method: \(Method.allCases.map(\.rawValue).joined(separator: ", ")).")
    public var method: Method = .bfgs

    @Option(name: .long, help: "Learning rate / step for gd (fixed or diminishing c/√t) and the first-order methods.")
    public var lr: Double?

    @Option(name: .customLong("line-search"), help: "For gd: fixed, diminishing, armijo, wolfe, exact; for newton: armijo, wolfe.")
    public var lineSearch: LineSearchChoice?

    @Option(name: .customLong("max-iter"), help: "Iteration limit.")
    public var maxIter: Int = 1000

    @Option(name: .long, help: "Gradient tolerance on max |∂f/∂xᵢ|.")
    public var tol: Double = 1e-5

    @Option(name: .long, help: "Write the per-iteration trace to this CSV file.")
    public var trace: String?

    @Option(name: .long, help: "Draw the loss curve (and, for two variables, the path over the contours of f) to this SVG file.")
    public var plot: String?

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let lr, !(lr > 0 && lr.isFinite) { throw ValidationError("--lr must be a positive finite number, got \(lr)") }
        guard maxIter >= 0 else { throw ValidationError("--max-iter must be at least 0, got \(maxIter)") }
        guard tol >= 0 && tol.isFinite else { throw ValidationError("--tol must be a non-negative finite number, got \(tol)") }
    }

    public func run() throws {
        try reportingErrors {
            let (out, result, names) = try MinimizeCommand.solve(expression: expr, x0: x0, method: method, learningRate: lr,
                                                                 lineSearch: lineSearch, maxIterations: maxIter, tolerance: tol,
                                                                 recordTrace: trace != nil || plot != nil)
            if let path = trace { try MinimizeCommand.writeTrace(result.trace, names: names, to: path) }
            if let path = plot {
                let f = try CalculusInput.function(CalculusInput.parse(expr), of: names, option: "--x0")
                try MinimizePlot.write(MinimizePlot.figure(result: result, names: names, function: f), to: path)
            }
            out.emit(output)
        }
    }

    /// Parses, minimizes and formats: the output (summary and JSON), the full result, and the variable names.
    /// - Throws: `UsageError` for a malformed expression or point, or an option that does not apply to the method.
    public static func solve(expression text: String, x0 point: String, method: Method, learningRate: Double? = nil,
                             lineSearch: LineSearchChoice? = nil, maxIterations: Int = 1000, tolerance: Double = 1e-5,
                             recordTrace: Bool = false) throws -> (output: LinalgOutput, result: OptimizationResult, names: [String]) {
        let (names, values) = try CalculusInput.parsePoint(point, option: "--x0")
        let expression = try CalculusInput.parse(text)
        let f = try CalculusInput.function(expression, of: names, option: "--x0")
        let objective = Objective(differentiable: f)
        let options = OptimizationOptions(gradientTolerance: tolerance, maxIterations: maxIterations,
                                          storeTrace: recordTrace, traceIncludesX: recordTrace)
        let start = Tensor(values)
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
            switch lineSearch ?? .armijo {
            case .armijo: result = try run(Newton())
            case .wolfe: result = try run(Newton(lineSearch: StrongWolfeLineSearch()))
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
        case .bfgs: result = try run(BFGS())
        case .lbfgs: result = try run(LBFGS())
        case .newtonCG: result = try run(NewtonCG())
        }
        return (format(result, names: names), result, names)
    }

    /// The summary and the JSON object (keys x, value, gradient_norm, iterations, function_evaluations,
    /// gradient_evaluations, termination).
    static func format(_ result: OptimizationResult, names: [String]) -> LinalgOutput {
        let x = result.minimizer.scalars
        let lines = [
            "method: \(result.method)",
            "termination: \(result.termination)",
            "x: " + zip(names, x).map { "\($0) = \(Tensor.format($1))" }.joined(separator: ", "),
            "value: \(Tensor.format(result.minimum))",
            "gradient norm (max |∂f/∂xᵢ|): \(Tensor.format(result.gradientNorm))",
            "iterations: \(result.iterations), function evaluations: \(result.functionEvaluations), gradient evaluations: \(result.gradientEvaluations)",
        ]
        let json = JSONValue.object([
            ("x", .object(zip(names, x).map { ($0, JSONValue.number($1)) })),
            ("value", .number(result.minimum)),
            ("gradient_norm", .number(result.gradientNorm)),
            ("iterations", .integer(result.iterations)),
            ("function_evaluations", .integer(result.functionEvaluations)),
            ("gradient_evaluations", .integer(result.gradientEvaluations)),
            ("termination", .string(result.termination.name)),
        ])
        return LinalgOutput(text: lines.joined(separator: "\n"), json: json)
    }

    /// The trace as CSV: iteration, value, gradient_norm, step_size, function_evaluations,
    /// gradient_evaluations, then one column per variable; numbers with 17 significant digits.
    public static func traceCSV(_ trace: [TraceEntry], names: [String]) -> String {
        let header = (["iteration", "value", "gradient_norm", "step_size", "function_evaluations", "gradient_evaluations"] + names)
            .joined(separator: ",")
        let rows = trace.map { e -> String in
            let numbers = [e.value, e.gradientNorm, e.stepSize].map { String(format: "%.17g", $0) }
            let xs = (e.x?.scalars ?? []).map { String(format: "%.17g", $0) }
            return ([String(e.iteration)] + numbers + [String(e.functionEvaluations), String(e.gradientEvaluations)] + xs)
                .joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    /// Writes `traceCSV` to a file, naming the file when that fails.
    static func writeTrace(_ trace: [TraceEntry], names: [String], to path: String) throws {
        do {
            try traceCSV(trace, names: names).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw UsageError("--trace: cannot write \(path): \(error.localizedDescription)")
        }
    }
}
