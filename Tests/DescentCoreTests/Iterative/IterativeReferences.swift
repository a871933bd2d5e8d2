import DescentCore
import Foundation
import _TestSupport

/// Loads `Tests/DescentCoreTests/References/iterative.json` (written by `Tools/references/iterative.py`).
/// The sparse and iterative tests live one folder below the `References` directory, so the
/// path is resolved from this file's parent folder rather than through `ReferenceData.load`.
enum IterativeReferences {
    static let data: ReferenceData = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("References").appendingPathComponent("iterative.json")
        guard let contents = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: contents) as? [String: Any] else {
            fatalError("cannot read \(url.path); run Tools/references/iterative.py")
        }
        return ReferenceData(object: object)
    }()

    /// A sparse matrix from the reference's COO triplets.
    static func sparse(_ entry: ReferenceData, rows: Int, columns: Int) throws -> SparseMatrix {
        try SparseMatrix(rows: rows, columns: columns,
                         rowIndices: entry.doubles("rows").map { Int($0) },
                         columnIndices: entry.doubles("columns").map { Int($0) },
                         values: entry.doubles("values"))
    }
}
