import DescentCore
import Foundation

/// A small public dataset shipped with the package as a resource, and the catalogue of them.
///
/// The tabular ones are exactly what scikit-learn's loaders return by default (the same doubles),
/// so a model fitted here compares one-to-one with scikit-learn; the karate club is networkx's
/// `karate_club_graph()`. Provenance and licences: `Sources/DescentLearn/Resources/README.md`;
/// the exporter: `Tools/references/datasets.py`.
///
/// ```swift
/// let data = Dataset.diabetes                  // LabeledData: 442 × 10, target disease progression
/// let info = try Dataset.named("breast_cancer") // the catalogue entry
/// let x = try info.matrix()                    // its feature matrix
/// ```
public struct Dataset: Sendable, Hashable, Identifiable {
    /// What a dataset is for.
    public enum Task: String, Sendable, Hashable, CaseIterable {
        /// A real-valued target.
        case regression
        /// Two classes, 0 and 1.
        case binaryClassification = "binary classification"
        /// More than two classes, 0 … k−1.
        case multiclassClassification = "multiclass classification"
        /// A graph whose nodes carry labels (communities).
        case labeledGraph = "labeled graph"
    }

    /// The name used by `named(_:)` and the command line's `dataset:NAME` (snake case).
    public let name: String
    /// Other names accepted by `named(_:)` (`karate` for `karate_club`).
    public let aliases: [String]
    /// Samples (nodes for a graph).
    public let rows: Int
    /// Features (nodes for a graph: the adjacency matrix is square).
    public let columns: Int
    /// What the dataset is for.
    public let task: Task
    /// One sentence on what the data are.
    public let summary: String
    /// Where our copy comes from: the library, its version and the loader (files: the resources' README).
    public let source: String
    /// The original publication of the data.
    public let citation: String
    /// The licence of that copy.
    public let licence: String
    /// The class names of a classification target (class c is `targetNames[c]`).
    public let targetNames: [String]
    /// The resource file(s), without extension.
    private let resource: String

    /// The name.
    public var id: String { name }

    /// Every bundled dataset, in the order `descent datasets` lists them.
    public static let all: [Dataset] = [diabetesEntry, breastCancerEntry, digitsEntry, karateClubEntry]

    /// The dataset called `name` (or one of its aliases), ignoring case.
    /// - Throws: `DatasetError.unknown` listing the close names, or all of them.
    public static func named(_ name: String) throws -> Dataset {
        let key = name.lowercased()
        if let found = all.first(where: { $0.name == key || $0.aliases.contains(key) }) { return found }
        // Suggest among names and aliases ('karat' → 'karate'); list only the names.
        let close = ClosestNames.suggestions(for: name, among: all.flatMap { [$0.name] + $0.aliases })
        let hint = close.isEmpty ? ClosestNames.hint(for: name, among: all.map(\.name))
            : ClosestNames.hint(for: name, among: close)
        throw DatasetError.unknown(name, hint: hint)
    }

    /// Features and target of a tabular dataset, read from the bundled CSV file.
    /// - Throws: `DatasetError.notTabular` for a graph; `DatasetError.resource` if the bundled file
    ///   is missing or malformed (a broken installation, never bad user input).
    public func labeledData() throws -> LabeledData {
        guard task != .labeledGraph else { throw DatasetError.notTabular(name) }
        let table = try Dataset.table(resource, options: TableReadingOptions(target: "target"))
        return LabeledData(features: table.features, columnNames: table.columnNames, target: table.target!,
                           targetName: "target", targetNames: targetNames)
    }

    /// The graph of a graph dataset: edges with weights and the node labels.
    /// - Throws: `DatasetError.notAGraph` for a tabular dataset; `DatasetError.resource` as above.
    public func graph() throws -> LabeledGraph {
        guard task == .labeledGraph else { throw DatasetError.notAGraph(name) }
        let edges = try Dataset.table(resource + "_edges", options: TableReadingOptions())
        let nodes = try Dataset.table(resource + "_nodes", options: TableReadingOptions(target: "club"))
        let list = (0..<edges.rows).map { i in
            LabeledGraph.Edge(source: Int(edges.features[i, 0]), target: Int(edges.features[i, 1]), weight: edges.features[i, 2])
        }
        let labels = nodes.target!.scalars.map { nodes.targetClasses[Int($0)] }
        return LabeledGraph(nodeCount: nodes.rows, edges: list, nodeLabels: labels, labelName: "club")
    }

    /// The dataset as one matrix: the features of a tabular dataset, the weighted adjacency matrix
    /// of a graph.
    public func matrix() throws -> Tensor {
        task == .labeledGraph ? try graph().adjacency() : try labeledData().features
    }

    // MARK: The bundled datasets, loaded once

    /// Diabetes (442 × 10, regression): as `sklearn.datasets.load_diabetes()` returns it by default,
    /// each feature mean-centred and scaled to unit Euclidean norm (xⱼ ← (xⱼ − x̄ⱼ)/(σⱼ√n));
    /// target: a measure of disease progression one year after baseline.
    public static var diabetes: LabeledData { loadedDiabetes }
    /// Breast Cancer Wisconsin (diagnostic) (569 × 30, binary): `load_breast_cancer()`;
    /// target 0 = malignant, 1 = benign.
    public static var breastCancer: LabeledData { loadedBreastCancer }
    /// Handwritten digits (1797 × 64, ten classes): 8 × 8 images of grey levels 0–16,
    /// `load_digits()`; target the digit 0–9.
    public static var digits: LabeledData { loadedDigits }
    /// Zachary's karate club (34 nodes, 78 weighted edges), `networkx.karate_club_graph()`;
    /// node labels: the club each member joined after the split, "Mr. Hi" or "Officer".
    public static var karateClub: LabeledGraph { loadedKarateClub }

    private static let loadedDiabetes = bundled { try diabetesEntry.labeledData() }
    private static let loadedBreastCancer = bundled { try breastCancerEntry.labeledData() }
    private static let loadedDigits = bundled { try digitsEntry.labeledData() }
    private static let loadedKarateClub = bundled { try karateClubEntry.graph() }

    /// A bundled resource that must load: failing is a broken build of the package (a programmer
    /// error, like a failed precondition), not bad input.
    private static func bundled<T>(_ load: () throws -> T) -> T {
        do { return try load() } catch { preconditionFailure("bundled dataset: \(error)") }
    }

    private static func table(_ resource: String, options: TableReadingOptions) throws -> Table {
        guard let url = Bundle.module.url(forResource: resource, withExtension: "csv", subdirectory: "Resources") else {
            throw DatasetError.resource("\(resource).csv is missing from the DescentLearn resource bundle")
        }
        do {
            return try Table(contentsOfCSV: url.path, options: options)
        } catch {
            throw DatasetError.resource("\(error)")
        }
    }

    // MARK: The catalogue

    private static let diabetesEntry = Dataset(
        name: "diabetes", aliases: [], rows: 442, columns: 10, task: .regression,
        summary: "Disease progression one year after baseline from age, sex, BMI, blood pressure and six serum measurements; features mean-centred and scaled to unit norm, as scikit-learn returns them",
        source: "scikit-learn 1.9.1 load_diabetes()",
        citation: "B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, Least Angle Regression, Annals of Statistics, 2004",
        licence: "BSD-3-Clause (scikit-learn's copy)", targetNames: [], resource: "diabetes")

    private static let breastCancerEntry = Dataset(
        name: "breast_cancer", aliases: ["breastcancer", "cancer"], rows: 569, columns: 30, task: .binaryClassification,
        summary: "Breast Cancer Wisconsin (Diagnostic): 30 measurements of cell nuclei in fine-needle aspirate images; malignant (0) or benign (1)",
        source: "scikit-learn 1.9.1 load_breast_cancer()",
        citation: "W. H. Wolberg, W. N. Street, O. L. Mangasarian, Breast Cancer Wisconsin (Diagnostic), UCI Machine Learning Repository, 1995",
        licence: "CC BY 4.0 (UCI); BSD-3-Clause (scikit-learn's copy)", targetNames: ["malignant", "benign"], resource: "breast_cancer")

    private static let digitsEntry = Dataset(
        name: "digits", aliases: [], rows: 1797, columns: 64, task: .multiclassClassification,
        summary: "Handwritten digits 0-9 as 8 × 8 images of grey levels 0-16 (pixel_r_c is row r, column c)",
        source: "scikit-learn 1.9.1 load_digits()",
        citation: "E. Alpaydin, C. Kaynak, Optical Recognition of Handwritten Digits, UCI Machine Learning Repository, 1998",
        licence: "CC BY 4.0 (UCI); BSD-3-Clause (scikit-learn's copy)", targetNames: (0...9).map(String.init), resource: "digits")

    private static let karateClubEntry = Dataset(
        name: "karate_club", aliases: ["karate"], rows: 34, columns: 34, task: .labeledGraph,
        summary: "Zachary's karate club: 34 members, 78 friendships weighted by the number of contexts shared; label 'club' is the side each joined after the split",
        source: "networkx 3.6.1 karate_club_graph()",
        citation: "W. W. Zachary, An Information Flow Model for Conflict and Fission in Small Groups, Journal of Anthropological Research, 1977",
        licence: "BSD-3-Clause (networkx's copy)", targetNames: [], resource: "karate_club")
}

/// Why a bundled dataset could not be given.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No dataset has this name; `hint` lists the close names or all of them.
    case unknown(String, hint: String)
    /// Features and a target were asked of a graph dataset.
    case notTabular(String)
    /// A graph was asked of a tabular dataset.
    case notAGraph(String)
    /// A bundled file is missing or malformed (a broken installation).
    case resource(String)

    /// One line.
    public var description: String {
        switch self {
        case let .unknown(name, hint): return "no bundled dataset '\(name)'\(hint)"
        case let .notTabular(name): return "dataset '\(name)' is a graph, not a table of features and a target"
        case let .notAGraph(name): return "dataset '\(name)' is a table, not a graph"
        case let .resource(reason): return "bundled dataset: \(reason)"
        }
    }
}
