import ArgumentParser
import DescentCore
import DescentLearn
import Foundation

/// `descent pagerank EDGES`: the PageRank of every node of a graph given as an edge list (or a
/// bundled graph), as networkx's `pagerank` defines it.
public struct PageRankCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pagerank",
        abstract: "PageRank of the nodes of a graph: an edge list (`source target [weight]` per line) or dataset:NAME.",
        discussion: """
            The scores solve x = α(Pᵀx + (dᵀx)w) + (1 − α)p, networkx's pagerank: P the row-normalized \
            weighted adjacency, d the dangling nodes (no out-links), p the personalization (uniform unless \
            --personalize) and w = p. Edge lists: fields separated by spaces or tabs, node names any \
            non-space text, # comments, a missing weight is 1; repeated edges are summed (a note on stderr \
            says how many) and self-loops kept. Edges are directed unless --undirected (a dataset graph is undirected); weights \
            count only with --weighted, but a weight that is not a finite number ≥ 0 is always an error. A --personalize file has `node weight` lines (nodes not listed get 0). \
            The run stops when the L1 change (power, gauss-seidel) or residual (krylov) falls below n·tol. \
            The termination is \(Termination.convergedResidual.name), \(Termination.iterationLimit.name) \
            (the last iterate is printed) or \(Termination.breakdown.name) (krylov). \
            JSON keys: \(JSONKey.list(.ranks, .iterations, .residual, .termination)) (ranks: node → score, all \
            nodes, or the --top N).
            """)

    /// `--tol` and `--max-iter` of `pagerank`: networkx's defaults.
    public enum Stopping: IterationDefaults {
        public static let tol = 1e-6
        public static let maxIter = 100
        public static let tolHelp = "Stop when the L1 change (power, gauss-seidel) or residual (krylov) is below n·tol (networkx's rule)"
        public static let maxIterHelp = "Iteration limit (power steps, Gauss–Seidel sweeps, BiCGSTAB steps)"
    }

    /// The solver.
    public enum Method: String, ExpressibleByArgument, CaseIterable, Sendable {
        /// Power iteration, networkx's iterates.
        case power
        /// Gauss–Seidel sweeps on the linear system.
        case gaussSeidel = "gauss-seidel"
        /// BiCGSTAB on the linear system.
        case krylov

        /// The library's name for it.
        public var method: PageRankOptions.Method {
            switch self {
            case .power: return .power
            case .gaussSeidel: return .gaussSeidel
            case .krylov: return .krylov
            }
        }
    }

    @Argument(help: "The edges: a file of `source target [weight]` lines, or dataset:NAME for a bundled graph (see `descent datasets`).")
    public var edges: String
    @Option(name: .long, help: ArgumentHelp("Damping factor α: the probability of following a link.", valueName: "α"))
    public var damping: Double = 0.85
    @Flag(name: .long, help: "Edges have no direction (each links both ways).")
    public var undirected = false
    @Flag(name: .long, help: "Use the third field of each line as the edge weight (otherwise every edge weighs 1).")
    public var weighted = false
    @Option(name: .long, help: ArgumentHelp("Teleport to nodes in proportion to a file of `node weight` lines.", valueName: "FILE"))
    public var personalize: String?
    @Option(name: .long, help: ArgumentHelp("Print only the n highest-ranked nodes.", valueName: "n"))
    public var top: Int?
    @Option(name: .long, help: "The solver: power iteration (networkx), Gauss–Seidel sweeps, or BiCGSTAB on the linear system.")
    public var method: Method = .power
    @OptionGroup public var iteration: IterationOptions<Stopping>
    @OptionGroup public var output: OutputOptions
    @Flag(name: .long, help: "Under mpirun: nodes are the integers 0…n−1; each rank reads its edges (EDGES with {rank} in the name, or every P-th block of 1000 lines of one file), ranks a block of nodes by power iteration; rank 0 prints.")
    public var distributed = false

    public init() {}

    public func validate() throws {
        guard damping.isFinite && damping >= 0 && damping <= 1 else { throw ValidationError("--damping must be in [0, 1], got \(damping)") }
        if damping == 1 && method != .power {
            throw ValidationError("--damping 1 needs --method power: the linear system of \(method.rawValue) is singular at α = 1")
        }
        if let top, top < 1 { throw ValidationError("--top must be ≥ 1, got \(top)") }
        if distributed {
            try DistributedAvailability.require()
            let unsupported = [("--undirected", undirected), ("--weighted", weighted), ("--personalize", personalize != nil), ("--method \(method.rawValue)", method != .power)]
            if let (option, _) = unsupported.first(where: { $0.1 }) { throw ValidationError("--distributed does not support \(option)") }
        }
    }

    public func run() throws {
#if canImport(DescentDistributed)
        if distributed {
            try reportingErrors { try DistributedLearning.run("pagerank", output, distributedRanks) }
            return
        }
#endif
        try reportingErrors {
            let graph = try PageRankCommand.readGraph(edges, undirected: undirected, weighted: weighted)
            if graph.duplicateEdgeCount > 0 {
                FileHandle.standardError.write(Data("note: summed \(graph.duplicateEdgeCount) repeated edge\(graph.duplicateEdgeCount == 1 ? "" : "s") into one each\n".utf8))
            }
            let personalization = try personalize.map { try graph.nodeVector(NodeValues.read(contentsOf: $0)) }
            let options = PageRankOptions(damping: damping, tolerance: iteration.tolerance, maxIterations: iteration.maxIterations, method: method.method)
            try PageRankCommand.output(for: graph, personalization: personalization, options: options, top: top).emit(output)
        }
    }

    /// The graph of an `EDGES` argument: `dataset:NAME` (undirected, weighted with --weighted), or an edge-list file.
    public static func readGraph(_ argument: String, undirected: Bool, weighted: Bool) throws -> Graph {
        if case .dataset(let name) = MatrixFile.kind(of: argument) {
            return try Graph(Dataset.named(name).graph(), weighted: weighted)
        }
        return try EdgeList(contentsOf: argument).graph(directed: !undirected, weighted: weighted)
    }

    /// The result: keys `ranks` (node → score, every node or the `top` highest), `iterations`,
    /// `residual`, `termination`; the summary lists the nodes by decreasing score.
    /// - Throws: `GraphError` for an empty graph or a personalization that sums to 0.
    public static func output(for graph: Graph, personalization: [Double]? = nil, options: PageRankOptions = PageRankOptions(),
                              top: Int? = nil) throws -> CommandOutput {
        let result = try pageRank(of: graph, personalization: personalization, options: options)
        let shown = result.top(top ?? graph.nodeCount)
        let names = shown.map { graph.nodeNames[$0] }
        let width = min(names.map(\.count).max() ?? 0, 40)
        let rows = zip(names, shown).map { name, v in
            name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0) + "  " + NumberFormat.readable(result.scores[v])
        }
        let header = "\(graph.nodeCount) nodes, \(graph.edgeCount) edges\(graph.isDirected ? "" : " (undirected)")"
            + (top.map { $0 < graph.nodeCount ? "; top \($0) by PageRank" : "" } ?? "")
        return CommandOutput(
            lines: [header] + rows + [TextLayout.field("residual", result.residual)]
                + TextLayout.ending(result.termination, iterations: result.iterations),
            json: .record([.ranks: .object(zip(names, shown).map { ($0, .number(result.scores[$1])) }),
                           .iterations: .integer(result.iterations),
                           .residual: .number(result.residual),
                           .termination: .string(result.termination.name)]))
    }
}
