#if canImport(DescentDistributed)
import DescentCore
import DescentDistributed

/// `--distributed` for the learning verbs, run under `mpirun -np P descent VERB … --distributed`:
/// each rank reads its own rows (`DATA` with `{rank}` in the name: rank r reads that file; a plain
/// `DATA`: every rank reads it and keeps the row blocks r, r + P, … of 1000 rows, `ShardSource`),
/// the ranks fit together (DescentDistributed), and rank 0 alone prints the result and writes files.
enum DistributedLearning {
    /// Starts MPI (a plain `descent … --distributed` without mpirun is one rank), runs `body` with
    /// the world communicator, prints its output on rank 0 only, and stops MPI. A failing rank
    /// ends the whole job with its message (`abortJob`), so no rank waits for it forever.
    static func run(_ verb: String, _ output: OutputOptions, _ body: (Communicator) throws -> CommandOutput) throws {
        let world = try Communicator.initialize()
        do {
            let result = try body(world)
            if world.isRoot { result.emit(output) }
            try Communicator.finalize()
        } catch {
            if world.size == 1 {
                try? Communicator.finalize()
                throw error
            }
            world.abortJob("descent \(verb) --distributed: \(error)")
        }
    }

    /// This rank's rows of a CSV table with a header row (see `ShardSource`); `dataset:NAME` is read
    /// by every rank and dealt out in row blocks like a shared file.
    static func readShard(_ data: String, target: String?, drop: [String], communicator: Communicator) throws -> Table {
        let source = ShardSource(data)
        let table = try TableInput.read(source.path(rank: communicator.rank), target: target, drop: drop)
        let rows = source.rows(of: table.rows, rank: communicator.rank, size: communicator.size)
        if rows.count == table.rows { return table }
        return Table(columnNames: table.columnNames, features: table.features.gatherRows(rows), targetName: table.targetName,
                     target: table.target.map { $0.gatherRows(rows) }, targetClasses: table.targetClasses)
    }
}
#endif

#if canImport(DescentDistributed)
extension PCACommand {
    /// `descent pca DATA --components K --distributed`: `DistributedPCA` (TSQR for --method full,
    /// the allreduced covariance for --method covariance) on this rank's rows; the same text and
    /// JSON keys as one process.
    func distributedAnalysis(_ world: Communicator) throws -> CommandOutput {
        let table = try DistributedLearning.readShard(data, target: nil, drop: drop, communicator: world)
        let fit = try DistributedPCA(components: components, method: method == .covariance ? .covariance : .tsqr)
            .fit(x: table.features, communicator: world)
        let d = fit.mean.count
        let ratio = fit.explainedVariance.scalars.map { $0 / fit.totalVariance }
        let rows = (0..<components).map { i in Array(fit.components.scalars[(i * d)..<((i + 1) * d)]) }
        var lines = ["\(method.rawValue) PCA of \(fit.count) rows × \(d) columns over \(world.size) rank\(world.size == 1 ? "" : "s"), \(components) component\(components == 1 ? "" : "s")"]
        var cumulative = 0.0
        for i in 0..<components {
            cumulative += ratio[i]
            let largest = rows[i].indices.sorted { abs(rows[i][$0]) > abs(rows[i][$1]) }.prefix(3)
                .map { "\(table.columnNames[$0]) \(NumberFormat.readable(rows[i][$0]))" }.joined(separator: ", ")
            lines.append("  \(i + 1): variance \(NumberFormat.readable(fit.explainedVariance[i])), ratio \(NumberFormat.readable(ratio[i])), "
                         + "cumulative \(NumberFormat.readable(cumulative)); largest loadings \(largest)")
        }
        let finalLines = lines
        return CommandOutput(lines: finalLines, json: .object([(JSONKey.explainedVariance.rawValue, .tensor(fit.explainedVariance)),
                                                          (JSONKey.explainedVarianceRatio.rawValue, .tensor(Tensor(ratio))),
                                                          (JSONKey.components.rawValue, .array(rows.map { .array($0.map(JSONValue.number)) }))]))
    }
}
#endif

#if canImport(DescentDistributed)
extension FitCommand {
    /// `descent fit DATA --model ols|ridge|lasso --distributed`: `DistributedRidge` (α = 0 for ols)
    /// or `DistributedLasso` on this rank's rows; prints the coefficients by name, the intercept and
    /// (lasso) the termination, with the keys of `descent fit`.
    func distributedFit(_ world: Communicator) throws -> CommandOutput {
        let table = try DistributedLearning.readShard(data, target: target, drop: drop, communicator: world)
        guard let y = table.target else { throw UsageError("\(data): name the target column with --target") }
        let fit: DistributedLinearFit
        switch model {
        case .lasso:
            fit = try DistributedLasso(alpha: alpha ?? 1, tolerance: iteration.tolerance, maxIterations: iteration.maxIterations)
                .fit(x: table.features, y: y, communicator: world)
        default:
            fit = try DistributedRidge(alpha: model == .ols ? 0 : alpha ?? 1).fit(x: table.features, y: y, communicator: world)
        }
        let names = table.columnNames
        let width = min(names.map(\.count).max() ?? 0, 30)
        var lines = ["\(model.rawValue) on \(fit.count) rows × \(names.count) features over \(world.size) rank\(world.size == 1 ? "" : "s")"
                     + (model == .ols ? "" : ", alpha = \(NumberFormat.readable(alpha ?? 1))")]
        lines += zip(names, fit.coefficients.scalars).map { "  " + $0.padding(toLength: max(width, $0.count), withPad: " ", startingAt: 0) + "  " + NumberFormat.readable($1) }
        lines.append(TextLayout.field("intercept", fit.intercept))
        lines += TextLayout.ending(fit.termination, iterations: fit.iterations)
        let finalLines = lines
        return CommandOutput(lines: finalLines, json: .record([
            .coefficients: .object(zip(names, fit.coefficients.scalars).map { ($0, .number($1)) }),
            .intercept: .number(fit.intercept), .rows: .integer(fit.count),
            .iterations: .integer(fit.iterations), .termination: .string(fit.termination.name)]))
    }
}
#endif
