import DescentCore
@testable import DescentLearn
import Foundation
import Testing
import _TestSupport

/// The bundled datasets against the values scikit-learn's loaders and networkx return
/// (Tools/references/datasets.py → References/datasets.json): shapes, names, chosen entries bit for
/// bit, column sums, targets and class counts; and the catalogue.
@Suite("Bundled datasets")
struct DatasetTests {
    static func check(_ data: LabeledData, _ reference: ReferenceData, _ name: String) {
        #expect(data.rows == reference.int("rows") && data.columns == reference.int("columns"), "\(name)")
        #expect(data.columnNames == reference.object["column_names"] as? [String], "\(name)")
        #expect(data.targetNames == reference.object["target_names"] as? [String], "\(name)")
        // Exact: the CSV holds Python's repr of each double, which reads back to the same bits.
        #expect(data.features.slice(rows: 0..<1).scalars.map(\.bitPattern) == reference.doubles("first_row").map(\.bitPattern), "\(name)")
        for entry in reference.object["entries"] as! [[Any]] {
            let (i, j) = (Int(ReferenceData.number(entry[0], "i")), Int(ReferenceData.number(entry[1], "j")))
            #expect(data.features[i, j].bitPattern == ReferenceData.number(entry[2], "x").bitPattern, "\(name)[\(i), \(j)]")
        }
        #expect(Array(data.target.scalars.prefix(10)) == reference.doubles("target_head"), "\(name)")
        // Sums in a different order than NumPy's pairwise summation: a few ulps of the largest term.
        let sums = (0..<data.columns).map { j in (0..<data.rows).reduce(0.0) { $0 + data.features[$1, j] } }
        expectClose(sums, reference.doubles("column_sums"), rtol: 1e-12, atol: 1e-13, "\(name): column sums, summation order only")
        expectClose(data.target.scalars.reduce(0, +), reference.double("target_sum"), rtol: 1e-14, "\(name): target sum of integers")
        if reference.has("target_counts") {
            #expect(data.classCounts == (reference.object["target_counts"] as! [Any]).map { Int(ReferenceData.number($0, "count")) }, "\(name)")
        }
    }

    @Test("diabetes, breast cancer and digits are scikit-learn's, value for value")
    func tabular() throws {
        let reference = try ReferenceData.load("datasets")
        DatasetTests.check(Dataset.diabetes, reference["diabetes"], "diabetes")
        DatasetTests.check(Dataset.breastCancer, reference["breast_cancer"], "breast_cancer")
        DatasetTests.check(Dataset.digits, reference["digits"], "digits")
        // The scaled diabetes features: mean 0 and unit norm in every column (load_diabetes's default).
        let x = Dataset.diabetes.features
        for j in 0..<10 {
            let column = x.column(j).scalars
            expectClose(column.reduce(0.0) { $0 + $1 }, 0, atol: 2e-13, "diabetes column \(j): centred by scikit-learn; its rounded mean and our 442-term sum leave ≲ 1e-13")
            expectClose(column.reduce(0) { $0 + $1 * $1 }, 1, rtol: 1e-13, "diabetes column \(j): unit norm")
        }
        #expect(Dataset.breastCancer.targetNames == ["malignant", "benign"] && Dataset.breastCancer.classCounts == [212, 357])
        #expect(Dataset.digits.features.scalars.allSatisfy { $0 >= 0 && $0 <= 16 && $0 == $0.rounded() })
    }

    @Test("the karate club is networkx's: 34 nodes, 78 weighted edges, two clubs")
    func karateClub() throws {
        let reference = try ReferenceData.load("datasets")["karate_club"]
        let graph = Dataset.karateClub
        #expect(graph.nodeCount == reference.int("nodes") && graph.edges.count == reference.int("edges"))
        let first = (reference.object["first_edges"] as! [[Any]]).map { e in
            LabeledGraph.Edge(source: Int(ReferenceData.number(e[0], "u")), target: Int(ReferenceData.number(e[1], "v")),
                              weight: ReferenceData.number(e[2], "w"))
        }
        #expect(Array(graph.edges.prefix(5)) == first)
        #expect(graph.edges.reduce(0) { $0 + $1.weight } == reference.double("weight_sum"))
        #expect(graph.degrees() == reference.doubles("degrees"))
        #expect(graph.degrees(weighted: true) == reference.doubles("weighted_degrees"))
        #expect(graph.nodeLabels == reference.object["clubs"] as? [String])
        #expect(graph.labels == ["Mr. Hi", "Officer"] && graph.labelName == "club")
        let a = graph.adjacency()
        #expect(a == a.transposed && a.shape == [34, 34] && a[0, 1] == 4)
        #expect(graph.sparseAdjacency().toDense() == a && graph.sparseAdjacency().nonZeroCount == 156)
    }

    @Test("the catalogue: names, aliases, close-name errors, one matrix per dataset")
    func catalogue() throws {
        #expect(Dataset.all.map(\.name) == ["diabetes", "breast_cancer", "digits", "karate_club"])
        #expect(try Dataset.named("Karate").name == "karate_club" && Dataset.named("DIABETES").task == .regression)
        #expect(thrownError(DatasetError.self) { try Dataset.named("diabetis") }?.description == "no bundled dataset 'diabetis'; did you mean 'diabetes'?")
        #expect(thrownError(DatasetError.self) { try Dataset.named("iris") }?.description
                == "no bundled dataset 'iris'; the names are diabetes, breast_cancer, digits, karate_club")
        for entry in Dataset.all {
            let m = try entry.matrix()
            #expect(m.shape == [entry.rows, entry.columns], "\(entry.name)")
            #expect(!entry.summary.isEmpty && !entry.source.isEmpty && !entry.licence.isEmpty)
        }
        #expect(thrownError(DatasetError.self) { try Dataset.named("karate").labeledData() } == .notTabular("karate_club"))
        #expect(thrownError(DatasetError.self) { try Dataset.named("digits").graph() } == .notAGraph("digits"))
    }

    @Test("labeled data from a table; dropping columns; unknown names")
    func labeledData() throws {
        let table = try Table(csv: "a,b,y\n1,2,no\n3,4,yes\n", options: TableReadingOptions(target: "y"))
        let data = try LabeledData(table)
        #expect(data.targetNames == ["no", "yes"] && data.target == Tensor([0, 1]) && data.classCounts == [1, 1])
        let dropped = try data.dropping(["a"])
        #expect(dropped.columnNames == ["b"] && dropped.features == Tensor([[2], [4]]))
        #expect(thrownError(LabeledDataError.self) { try data.dropping(["bb"]) }?.description == "no column 'bb'; did you mean 'b'?")
        #expect(thrownError(LabeledDataError.self) { try LabeledData(try Table(csv: "a\n1\n")) } == .noTarget)
        #expect(try Dataset.diabetes.column("bmi") == Dataset.diabetes.features.column(2))
    }
}
