import ArgumentParser

/// Whether this `descent` was built with MPI (`DescentDistributed` is declared only when Open MPI
/// or MPICH is installed), for the verbs' `--distributed` flag, which exists either way.
enum DistributedAvailability {
    /// Throws the one-line reason when MPI is missing.
    static func require() throws {
#if !canImport(DescentDistributed)
        throw ValidationError("--distributed needs MPI: this descent was built without Open MPI (install it with make deps, then rebuild)")
#endif
    }
}

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
    /// `descent fit DATA --model ols|ridge|lasso|logistic --distributed`: `DistributedRidge` (α = 0
    /// for ols), `DistributedLasso` or `DistributedLogisticRegression` (C = --c, labels 0/1) on this rank's rows; prints the coefficients by name, the intercept and
    /// (lasso) the termination, with the keys of `descent fit`.
    func distributedFit(_ world: Communicator) throws -> CommandOutput {
        let table = try DistributedLearning.readShard(data, target: target, drop: drop, communicator: world)
        guard let y = table.target else { throw UsageError("\(data): name the target column with --target") }
        let fit: DistributedLinearFit
        switch model {
        case .logistic:
            fit = try DistributedLogisticRegression(c: c ?? 1, tolerance: iteration.tolerance, maxIterations: iteration.maxIterations)
                .fit(x: table.features, y: y, communicator: world)
        case .lasso:
            fit = try DistributedLasso(alpha: alpha ?? 1, tolerance: iteration.tolerance, maxIterations: iteration.maxIterations)
                .fit(x: table.features, y: y, communicator: world)
        default:
            fit = try DistributedRidge(alpha: model == .ols ? 0 : alpha ?? 1).fit(x: table.features, y: y, communicator: world)
        }
        let names = table.columnNames
        let width = min(names.map(\.count).max() ?? 0, 30)
        var lines = ["\(model.rawValue) on \(fit.count) rows × \(names.count) features over \(world.size) rank\(world.size == 1 ? "" : "s")"
                     + (model == .ols ? "" : model == .logistic ? ", C = \(NumberFormat.readable(c ?? 1))" : ", alpha = \(NumberFormat.readable(alpha ?? 1))")]
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

#if canImport(DescentDistributed)
import Foundation

extension PageRankCommand {
    /// `descent pagerank EDGES --distributed`: nodes are the integers 0…n−1 (n = the largest id + 1
    /// over all ranks); each rank reads its `source target` lines (`ShardSource`), the edges are
    /// exchanged once (an allgatherv; each rank keeps the in-links of its block of nodes,
    /// `Communicator.rowRange(of:)`), and `DistributedPageRank` iterates. A repeated edge counts once
    /// per line, the same ranks as the one-process verb, which sums repeated edges into one of that weight.
    func distributedRanks(_ world: Communicator) throws -> CommandOutput {
        let source = ShardSource(edges)
        let path = source.path(rank: world.rank)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw UsageError("\(path): cannot read the edge list") }
        var lines: [(number: Int, source: Int, target: Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            guard fields.count == 2, let u = Int(fields[0]), let v = Int(fields[1]), u >= 0, v >= 0 else {
                throw UsageError("\(path):\(index + 1): expected two node numbers ≥ 0 (`source target`), got '\(line)'")
            }
            lines.append((index + 1, u, v))
        }
        let mine = source.rows(of: lines.count, rank: world.rank, size: world.size).map { lines[$0] }
        var largest = Double(mine.map { max($0.source, $0.target) }.max() ?? -1)
        try world.allreduce(&largest, .max)
        let n = Int(largest) + 1
        guard n > 0 else { throw UsageError("\(edges): no edges on any rank") }
        // The edges travel once as pairs of doubles (exact for ids below 2⁵³).
        let all = try world.allgatherv(mine.flatMap { [Double($0.source), Double($0.target)] })
        let nodes = world.rowRange(of: n)
        var inLinks: [(source: Int, target: Int)] = []
        for e in stride(from: 0, to: all.count, by: 2) where nodes.contains(Int(all[e + 1])) {
            inLinks.append((source: Int(all[e]), target: Int(all[e + 1])))
        }
        let result = try DistributedPageRank(damping: damping, tolerance: iteration.tolerance, maxIterations: iteration.maxIterations)
            .rank(inLinks: inLinks, nodeCount: n, nodes: nodes, communicator: world)
        let order = (0..<n).sorted { result.rank[$0] > result.rank[$1] || (result.rank[$0] == result.rank[$1] && $0 < $1) }
        let shown = Array(order.prefix(top ?? n))
        let header = "\(n) nodes, \(all.count / 2) edges over \(world.size) rank\(world.size == 1 ? "" : "s")"
            + (top.map { $0 < n ? "; top \($0) by PageRank" : "" } ?? "")
        let width = shown.map { String($0).count }.max() ?? 0
        let rows = shown.map { String($0).padding(toLength: width, withPad: " ", startingAt: 0) + "  " + NumberFormat.readable(result.rank[$0]) }
        let output = [header] + rows + [TextLayout.field("residual", result.change)] + TextLayout.ending(result.termination, iterations: result.iterations)
        return CommandOutput(lines: output, json: .record([
            .ranks: .object(shown.map { (String($0), .number(result.rank[$0])) }),
            .iterations: .integer(result.iterations), .residual: .number(result.change),
            .termination: .string(result.termination.name)]))
    }
}
#endif
