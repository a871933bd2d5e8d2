import ArgumentParser
import Descent

extension MinimizeCommand {
    /// Parses, minimizes ½‖r(x)‖² for `;`-separated residual expressions r₁; r₂; … and formats: the
    /// output (that of `solve(expression:…)` plus `residual_norm` ‖r‖₂ = √(2f)), the result, and
    /// the variable names. `lm` and `gauss-newton` use the residuals and their Jacobian (reverse
    /// mode); every other method minimizes ½Σrᵢ² as one expression, with its exact derivatives.
    /// - Throws: `UsageError` for a malformed residual or point, bad bounds, or an option that does
    ///   not apply to the method.
    public static func solve(residuals text: String, x0 point: String, method: Method, learningRate: Double? = nil,
                             lineSearch: LineSearchChoice? = nil, lower: String? = nil, upper: String? = nil,
                             maxIterations: Int = Stopping.maxIter, tolerance: Double = Stopping.tol,
                             recordTrace: Bool = false, escapeSaddles: Bool = false,
                             onIteration: ((TraceEntry) -> CallbackDecision)? = nil)
        throws -> (output: CommandOutput, result: OptimizationResult, names: [String]) {
        let (names, values) = try CalculusInput.parsePoint(point, option: "--x0")
        let r = try residualFunction(text, of: names)
        let bounds = try MinimizeBounds.parse(lower: lower, upper: upper, names: names)
        let objective = method.isLeastSquares
            ? LeastSquaresObjective(differentiableResiduals: r).objective
            : Objective(differentiable: halfSumOfSquares(r))
        let result = try optimize(objective, from: Tensor(values), method: method, learningRate: learningRate,
                                  lineSearch: lineSearch, bounds: bounds,
                                  options: runOptions(tolerance: tolerance, maxIterations: maxIterations, recordTrace: recordTrace,
                                                      escapeSaddles: escapeSaddles, onIteration: onIteration))
        return (addingResidualNorm(format(result, names: names), (2 * result.minimum).squareRoot()), result, names)
    }

    /// The residual vector x ↦ (r₁(x), …, r_m(x)) of `;`-separated expressions in `names`.
    /// - Throws: `UsageError` naming `--residuals` and the column of a parse error or unbound name.
    static func residualFunction(_ text: String, of names: [String]) throws -> (Variable) -> Variable {
        var functions: [(Variable) -> Variable] = []
        var offset = 0
        for piece in text.split(separator: ";", omittingEmptySubsequences: false) {
            do {
                functions.append(try MathExpression(parsing: String(piece)).function(of: names))
            } catch let error as ExpressionError {
                throw UsageError("--residuals: \(error.shiftingColumn(by: offset)) (residuals are separated by ';'; variables come from --x0)")
            }
            offset += piece.count + 1
        }
        return { x in Variable.concatenate(functions.map { $0(x) }) }
    }

    /// x ↦ ½Σrᵢ(x)², the objective the residuals define.
    static func halfSumOfSquares(_ r: @escaping (Variable) -> Variable) -> (Variable) -> Variable {
        { x in let v = r(x); return 0.5 * (v * v).sum() }
    }

    /// The function drawn by `--plot`: the expression, or ½‖r‖² for residuals.
    static func plottedFunction(expression: String?, residuals: String?, names: [String]) throws -> (Variable) -> Variable {
        if let residuals { return halfSumOfSquares(try residualFunction(residuals, of: names)) }
        return try CalculusInput.function(CalculusInput.parse(expression ?? ""), of: names, option: "--x0")
    }

    /// Exactly one of `--expr` and `--residuals`.
    static func requireOneObjective(expression: String?, residuals: String?) throws {
        switch (expression, residuals) {
        case (nil, nil): throw ValidationError("give the objective with --expr, or residuals with --residuals (minimizes ½‖r‖²)")
        case (.some, .some): throw ValidationError("--expr and --residuals cannot be combined: give one objective")
        default: break
        }
    }

    /// The output with `residual_norm` after `value` in the JSON and a line after the minimum in the text.
    static func addingResidualNorm(_ output: CommandOutput, _ norm: Double) -> CommandOutput {
        CommandOutput(text: insertingLine(TextLayout.field("residual norm ‖r‖₂", norm), into: output.text),
                      json: insertingResidualNorm(norm, into: output.json))
    }

    private static func insertingLine(_ line: String, into text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(line, at: Swift.min(2, lines.count))
        return lines.joined(separator: "\n")
    }

    private static func insertingResidualNorm(_ norm: Double, into json: JSONValue) -> JSONValue {
        guard case .object(var pairs) = json else { return json }
        let position = (pairs.firstIndex { $0.0 == JSONKey.value.rawValue } ?? pairs.count - 1) + 1
        pairs.insert((JSONKey.residualNorm.rawValue, .number(norm)), at: position)
        return .object(pairs)
    }

    /// The driver's options for the CLI's stopping rule, trace, callback and saddle escapes (`--escape-saddles`
    /// makes every method escape; without it the curvature methods still do, by their default).
    static func runOptions(tolerance: Double, maxIterations: Int, recordTrace: Bool, escapeSaddles: Bool,
                           onIteration: ((TraceEntry) -> CallbackDecision)?) -> OptimizationOptions {
        OptimizationOptions(gradientTolerance: tolerance, maxIterations: maxIterations,
                            storeTrace: recordTrace, traceIncludesX: recordTrace || onIteration != nil,
                            callback: onIteration, escapeSaddles: escapeSaddles ? true : nil)
    }
}
