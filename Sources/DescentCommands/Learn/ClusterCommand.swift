import ArgumentParser
import DescentCore
import DescentLearn
import DescentPlot
import Foundation

/// The affinity of `descent cluster` (`--affinity`).
public enum ClusterAffinity: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// exp(−γ‖xᵢ − xⱼ‖²).
    case rbf
    /// The symmetrized k-nearest-neighbour connectivity.
    case knn
    /// DATA is the n × n affinity matrix itself.
    case precomputed
}

/// `descent cluster DATA --k K`: spectral clustering of the rows of a table (or of a graph given as
/// its affinity matrix), with scikit-learn's `SpectralClustering` semantics.
public struct ClusterCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Spectral clustering of the rows of a CSV table with a header row, of dataset:NAME, or of an affinity matrix.",
        discussion: """
            As scikit-learn's SpectralClustering: an affinity graph A (rbf: exp(−γ‖xᵢ − xⱼ‖²); knn: ½(C + Cᵀ) with C the \
            --neighbors-nearest-neighbour connectivity, each point its own first neighbour; precomputed: DATA is A, \
            \(MatrixFile.formats)), the normalized Laplacian L = I − D^(−1/2) A D^(−1/2), its k smallest eigenvectors \
            (LAPACK up to 1000 points, Lanczos beyond), the embedding D^(−1/2)U, and k-means++ with 10 seeded starts \
            (--seed) on its rows. The eigengap is λ_(k+1) − λ_k of L: large when the data have k clear clusters. \
            A disconnected graph or a point without affinity to any other is reported (on stderr with --json). \
            --plot draws the points coloured by cluster: the first two feature columns, or for precomputed the spectral embedding (columns 2 and 3; column 2 against the point index when k = 2). \
            JSON keys: \(JSONKey.list(.labels, .eigengap)) (null when k equals the number of points).
            """)

    @Argument(help: "The data: a CSV file with a header row, dataset:NAME, .npy or .mtx; with --affinity precomputed an n × n matrix.")
    public var data: String
    @Option(name: .long, help: ArgumentHelp("Leave this column out (repeat for more).", valueName: "COL"))
    public var drop: [String] = []
    @Option(name: .customLong("k"), help: ArgumentHelp("The number of clusters.", valueName: "K"))
    public var k: Int
    @Option(name: .long, help: "The affinity graph.")
    public var affinity: ClusterAffinity = .rbf
    @Option(name: .long, help: ArgumentHelp("γ of the rbf affinity.", valueName: "γ"))
    public var gamma: Double = 1
    @Option(name: .long, help: ArgumentHelp("Neighbours of each point in the knn affinity, itself included.", valueName: "N"))
    public var neighbors: Int = 10
    @OptionGroup public var seed: SeedOptions
    @OptionGroup public var plot: PlotOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1, got \(k)") }
        guard gamma > 0 && gamma.isFinite else { throw ValidationError("--gamma must be a positive finite number, got \(NumberFormat.exact(gamma))") }
        guard neighbors >= 1 else { throw ValidationError("--neighbors must be at least 1, got \(neighbors)") }
        if affinity == .precomputed && !drop.isEmpty { throw ValidationError("--drop applies to a table, not to a precomputed affinity matrix") }
    }

    public func run() throws {
        try reportingErrors {
            let (output, chart, notes) = try clustered()
            if self.output.json { for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) } }
            output.emit(self.output)
            if let chart { try plot.write(chart) }
        }
    }

    /// The points to cluster: a table's feature columns (minus --drop), or a matrix file's rows.
    func points() throws -> (x: Tensor, names: [String]) {
        switch MatrixFile.kind(of: data) {
        case .dataset(let name):
            let table = try Dataset.named(name).labeledData()
            let kept = drop.isEmpty ? table : try table.dropping(drop)
            return (kept.features, kept.columnNames)
        case .npy, .matrixMarket:
            guard drop.isEmpty else { throw UsageError("\(data): a matrix file has no column names; --drop applies to a CSV table") }
            let x = try readMatrix(data)
            return (x, (0..<x.shape[1]).map { "x\($0)" })
        case .csv:
            let table = try Table(contentsOfCSV: data, options: TableReadingOptions(droppedColumns: drop))
            return (table.features, table.columnNames)
        }
    }

    /// An eigenvalue of L as printed: L is positive semidefinite with ‖L‖ ≤ 2, so |λ| below 1e-12 is
    /// rounding around 0 (±1e-16 from LAPACK) and reads as 0; JSON and the library keep the computed value.
    static func shown(_ eigenvalue: Double) -> Double { Swift.abs(eigenvalue) < 1e-12 ? 0 : eigenvalue }

    /// Clusters, and returns the output, the figure when --plot asks for one, and notes on the graph.
    public func clustered() throws -> (CommandOutput, ScatterPlot?, [String]) {
        let configuration = SpectralClustering(clusters: k, affinity: affinity == .knn ? .nearestNeighbors(count: neighbors) : .rbf(gamma: gamma),
                                               seed: seed.seed)
        let result: SpectralClusteringResult
        var coordinates: Tensor?
        var names = ["x0", "x1"]
        if affinity == .precomputed {
            result = try configuration.fit(affinity: readMatrix(data))
        } else {
            let (x, columns) = try points()
            guard x.shape[0] > 0 && x.shape[1] > 0 else { throw UsageError("\(data): no rows or no feature columns to cluster") }
            result = try configuration.fit(x)
            coordinates = x
            names = columns
        }
        let n = result.labels.count
        var notes: [String] = []
        if result.componentCount > 1 {
            notes.append("the affinity graph is not connected: \(result.componentCount) components (λ = 0 is repeated; the eigenvectors of a repeated eigenvalue are any basis of its space)")
        }
        if !result.isolatedPoints.isEmpty {
            let shown = result.isolatedPoints.prefix(5).map(String.init).joined(separator: ", ")
            notes.append("\(result.isolatedPoints.count) point(s) have no affinity to any other (rows \(shown)\(result.isolatedPoints.count > 5 ? ", …" : "")); their embedding is 0")
        }
        let sizes = (0..<k).map { c in result.labels.filter { $0 == c }.count }
        let described: String
        switch affinity {
        case .rbf: described = "rbf (gamma = \(NumberFormat.readable(gamma)))"
        case .knn: described = "knn (\(neighbors) neighbors)"
        case .precomputed: described = "precomputed"
        }
        var lines = ["spectral clustering: \(n) points, k = \(k), affinity \(described)",
                     "cluster sizes: " + sizes.map(String.init).joined(separator: ", "),
                     "eigenvalues of the normalized Laplacian: " + TextLayout.vector(result.eigenvalues.map { NumberFormat.readable(ClusterCommand.shown($0)) }),
                     "eigengap: " + (result.eigengap.map { "\(NumberFormat.readable($0)) (λ\(k + 1) − λ\(k))" } ?? "none (k = n)"),
                     "connected components: \(result.componentCount)"]
        lines += notes.map { "note: \($0)" }
        lines += TextLayout.ending(result.termination, iterations: result.iterations)
        lines.append("labels: " + TextLayout.vector(result.labels.prefix(50).map(String.init) + (n > 50 ? ["… (\(n - 50) more; --json lists all)"] : [])))
        let json = JSONValue.object([(JSONKey.labels.rawValue, .array(result.labels.map(JSONValue.integer))),
                                     (JSONKey.eigengap.rawValue, result.eigengap.map(JSONValue.number) ?? .null)])
        var chart: ScatterPlot?
        if plot.file != nil {
            let shown: Tensor, axes: (String, String)
            if let coordinates {
                let d = coordinates.shape[1]
                shown = Tensor(rows: n, columns: 2) { i, j in j < d ? coordinates[i, j] : 0 }
                axes = (names[0], d > 1 ? names[1] : "")
            } else {
                // The first embedding column is constant (D^(−1/2)·D^(1/2)1) on a connected graph:
                // draw columns 2 and 3, or column 2 against the point's index when k = 2.
                let e = result.embedding
                if k >= 3 {
                    shown = Tensor(rows: n, columns: 2) { i, j in e[i, j + 1] }
                    axes = ("embedding 2", "embedding 3")
                } else {
                    shown = Tensor(rows: n, columns: 2) { i, j in j == 0 ? Double(i) : (k == 2 ? e[i, 1] : e[i, 0]) }
                    axes = ("point", k == 2 ? "embedding 2" : "embedding 1")
                }
            }
            // Points in cluster order, so the legend reads cluster 0, 1, … rather than order of first appearance.
            let order = (0..<n).sorted { (result.labels[$0], $0) < (result.labels[$1], $1) }
            chart = ScatterPlot(title: "spectral clustering, k = \(k)", xAxis: Axis(axes.0), yAxis: Axis(axes.1),
                                x: order.map { shown[$0, 0] }, y: order.map { shown[$0, 1] }, labels: order.map { "cluster \(result.labels[$0])" })
        }
        let finalLines = lines
        return (CommandOutput(lines: finalLines, json: json), chart, notes)
    }
}
