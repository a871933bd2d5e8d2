import DescentCore
import Foundation
import _TestSupport

/// The NumPy/SciPy reference values of `Tools/references/iterative.py`
/// (`Tests/DescentCoreTests/References/iterative.json`), loaded once.
enum IterativeReferences {
    static let data: ReferenceData = {
        do { return try ReferenceData.load("iterative") } catch { fatalError("\(error); run Tools/references/iterative.py") }
    }()

    /// A sparse matrix from the reference's COO triplets.
    static func sparse(_ entry: ReferenceData, rows: Int, columns: Int) throws -> SparseMatrix {
        try SparseMatrix(rows: rows, columns: columns,
                         rowIndices: entry.doubles("rows").map { Int($0) },
                         columnIndices: entry.doubles("columns").map { Int($0) },
                         values: entry.doubles("values"))
    }
}
