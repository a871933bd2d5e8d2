@testable import DescentCore
import Foundation
import Testing
import _TestSupport

/// CSV tables with a header row: named columns, a target, dropped and one-hot columns, the three
/// missing-value policies, quoting, and every bad input with its exact line and column.
@Suite("CSV tables")
struct TableTests {
    static func read(_ text: String, _ options: TableReadingOptions = TableReadingOptions()) throws -> Table {
        try Table(csv: text, options: options)
    }

    static func failure(_ text: String, _ options: TableReadingOptions = TableReadingOptions()) -> String? {
        thrownError(CSVError.self) { try Table(csv: text, options: options) }?.description
    }

    @Test("named columns, a numeric target, dropped columns")
    func basics() throws {
        let text = "id,x,y,label\n1,0.5,-2,10\n2,1.5,3e2,20\n"
        let table = try TableTests.read(text, TableReadingOptions(target: "label", droppedColumns: ["id"]))
        #expect(table.columnNames == ["x", "y"])
        #expect(table.features == Tensor([[0.5, -2], [1.5, 300]]))
        #expect(table.targetName == "label" && table.target == Tensor([10, 20]) && table.targetClasses.isEmpty)
        #expect(try table.column("y") == Tensor([-2, 300]))
        #expect(try table.column("label") == Tensor([10, 20]))
        #expect(thrownError(CSVError.self) { try table.column("Y ") }?.description == "no column 'Y '; did you mean 'y'?")
        // Without options every column is a feature.
        let all = try TableTests.read(text)
        #expect(all.columnNames == ["id", "x", "y", "label"] && all.target == nil && all.rows == 2)
    }

    @Test("one-hot columns: sorted categories, names column=category, in file order")
    func oneHot() throws {
        let text = "color,size,shape\nred,1,square\nblue,2,circle\nred,3,circle\ngreen,4,square\n"
        let table = try TableTests.read(text, TableReadingOptions(oneHotColumns: ["shape", "color"]))
        #expect(table.columnNames == ["color=blue", "color=green", "color=red", "size", "shape=circle", "shape=square"])
        #expect(table.encodings == [OneHotEncoding(column: "color", categories: ["blue", "green", "red"]),
                                    OneHotEncoding(column: "shape", categories: ["circle", "square"])])
        #expect(table.features == Tensor([[0, 0, 1, 1, 0, 1], [1, 0, 0, 2, 1, 0], [0, 0, 1, 3, 1, 0], [0, 1, 0, 4, 0, 1]]))
    }

    @Test("a target of class names becomes indices into the sorted names")
    func textTarget() throws {
        let table = try TableTests.read("x,species\n1,virginica\n2,setosa\n3,virginica\n", TableReadingOptions(target: "species"))
        #expect(table.targetClasses == ["setosa", "virginica"] && table.target == Tensor([1, 0, 1]))
        #expect(TableTests.failure("x,y\n1,a\n2,2\n3,b\n", TableReadingOptions(target: "y"))
                == "line 2, column 2: target column 'y' mixes text ('a') with numbers ('2' on line 3)")
    }

    @Test("missing values: an error by default, dropped rows, or column means")
    func missingValues() throws {
        let text = "a,b,c\n1,,x\n2,4,NA\nnan,6,y\n4,8,y\n"
        #expect(TableTests.failure(text, TableReadingOptions(oneHotColumns: ["c"]))
                == "line 2, column 2: missing value (an empty field) in column 'b'; choose a missing-value policy (drop rows or mean imputation) to accept it")
        let dropped = try TableTests.read(text, TableReadingOptions(oneHotColumns: ["c"], missingValues: .dropRows))
        // Categories come from the rows kept: only 'y' is left.
        #expect(dropped.columnNames == ["a", "b", "c=y"] && dropped.features == Tensor([[4, 8, 1]]) && dropped.droppedRowCount == 3)
        let imputed = try TableTests.read(text, TableReadingOptions(oneHotColumns: ["c"], missingValues: .meanImputation))
        // Means of the present values: a = 7/3, b = 6; c's indicators get their frequencies 1/3, 2/3.
        #expect(imputed.columnNames == ["a", "b", "c=x", "c=y"] && imputed.imputedValueCount == 4)
        expectClose(imputed.features, Tensor([[1, 6, 1, 0], [2, 4, 1.0 / 3, 2.0 / 3], [7.0 / 3, 6, 0, 1], [4, 8, 0, 1]]),
                    atol: 1e-15, "means of three numbers, one rounding each")
        // A missing value in a dropped column does not matter.
        #expect(try TableTests.read("a,b\n1,\n2,3\n", TableReadingOptions(droppedColumns: ["b"])).features == Tensor([[1], [2]]))
        // A missing target is never imputed.
        #expect(TableTests.failure("a,y\n1,\n2,3\n", TableReadingOptions(target: "y", missingValues: .meanImputation))
                == "line 2, column 2: missing target value (an empty field) in column 'y'; a label is never imputed (drop the rows with missing values instead)")
        #expect(try TableTests.read("a,y\n1,\n2,3\n", TableReadingOptions(target: "y", missingValues: .dropRows)).target == Tensor([3]))
        #expect(TableTests.failure("a,b\n1,\n2,NaN\n", TableReadingOptions(missingValues: .meanImputation))
                == "column 'b' has no values to take the mean of: every one is missing")
        #expect(TableTests.failure("a,b\n1,\n,3\n", TableReadingOptions(missingValues: .dropRows))
                == "every one of the 2 data rows has a missing value; none is left after dropping them")
    }

    @Test("quoted fields (RFC 4180), spaces, CRLF and a byte-order mark")
    func dialect() throws {
        let text = "\u{FEFF}\"mean radius\", \"label, long\"\r\n 1.5 ,\"a \"\"quoted\"\" name\"\r\n\r\n2,\"two\nlines\"\r\n"
        let table = try TableTests.read(text, TableReadingOptions(target: "label, long"))
        #expect(table.columnNames == ["mean radius"] && table.features == Tensor([[1.5], [2]]))
        #expect(table.targetClasses == ["a \"quoted\" name", "two\nlines"])
    }

    @Test("pieces of any size parse the same, and errors keep their line and column")
    func chunkBoundaries() throws {
        let text = "a,\"b\"\r\n1,\"2\"\r\n3,4\r\n"
        let whole = try TableTests.read(text)
        let bytes = Array(text.utf8)
        for piece in 1...5 {
            var parser = TableParser(options: TableReadingOptions())
            var tokenizer = CSVRecordTokenizer(maxFieldLength: 100)
            var start = 0
            while start < bytes.count {
                let end = min(start + piece, bytes.count)
                try bytes[start..<end].withUnsafeBytes { try tokenizer.consume($0, into: &parser) }
                start = end
            }
            try tokenizer.finish(into: &parser)
            #expect(try parser.table(lastLine: tokenizer.currentLine) == whole, "pieces of \(piece)")
        }
    }

    @Test("bad input: the exact line and column, the column's name, one line", arguments: [
        ("", TableReadingOptions(), "line 1, column 1: no header: the file is empty"),
        ("a,b\n", TableReadingOptions(), "line 1, column 1: no data rows after the header"),
        ("a,,c\n1,2,3\n", TableReadingOptions(), "line 1, column 2: column 2 of the header has no name"),
        ("a,b,a\n1,2,3\n", TableReadingOptions(), "line 1, column 3: column name 'a' appears twice in the header (columns 1 and 3)"),
        ("a,b\n1,2\n3,red\n", TableReadingOptions(), "line 3, column 2: 'red' in column 'b' is not a number (one-hot encode the column to use its values as categories, or drop it)"),
        ("a,b\n1,2\n3,4,5\n", TableReadingOptions(), "line 3, column 3: expected 2 fields as in the header, found 3"),
        ("a,b\n1,2\n\n3\n", TableReadingOptions(), "line 4, column 2: expected 2 fields as in the header, found 1"),
        ("a,b\n1,inf\n", TableReadingOptions(), "line 2, column 2: 'inf' in column 'b' is not a finite number"),
        ("a,b\n1,\"2\n", TableReadingOptions(), "line 2, column 2: a quoted field is never closed (the file ends inside quotes)"),
        ("a,b\n1,\"2\"x\n", TableReadingOptions(), "line 2, column 2: text after the closing quote of a quoted field (a quote inside quotes is written \"\")"),
        ("a,b\n1,\"2\n3\"\n", TableReadingOptions(), "line 2, column 2: '2\\n3' in column 'b' is not a number (one-hot encode the column to use its values as categories, or drop it)"),
        ("a,b\n1,2\"\n", TableReadingOptions(), "line 2, column 2: a quote inside an unquoted field (enclose the field in quotes and write the quote as \"\")"),
        ("a,b\n1,\u{1}\n", TableReadingOptions(), "line 2, column 2: control character U+0001 in a field"),
        ("a,b\n1,2\n", TableReadingOptions(target: "B"), "the target column 'B' is not a column of the header; did you mean 'b'?"),
        ("age,sex,bmi\n1,2,3\n", TableReadingOptions(droppedColumns: ["bmii"]), "the dropped column 'bmii' is not a column of the header; did you mean 'bmi'?"),
        ("age,sex,bmi\n1,2,3\n", TableReadingOptions(oneHotColumns: ["zzzzzz"]), "the one-hot column 'zzzzzz' is not a column of the header; the names are age, sex, bmi"),
        ("a,b\n1,2\n", TableReadingOptions(target: "b", droppedColumns: ["b"]), "column 'b' is named both as the target column and as the dropped column"),
        ("a,b\n1,2\n3,4\n", TableReadingOptions(limits: CSVReadingOptions(maxValues: 3)), "line 3, column 2: more than 3 values (CSVReadingOptions.maxValues); raise the limit to read a larger table"),
        ("a,b\n1,12345\n", TableReadingOptions(limits: CSVReadingOptions(maxFieldLength: 4)), "line 2, column 2: a field longer than 4 characters ('1234')"),
    ])
    func badInput(text: String, options: TableReadingOptions, message: String) {
        #expect(TableTests.failure(text, options) == message)
    }

    @Test("a file: the path leads every message")
    func file() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("descent-table-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "x,y\n1,2\n3,oops\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(thrownError(CSVError.self) { try Table(contentsOfCSV: path) }?.description
                == "\(path): line 3, column 2: 'oops' in column 'y' is not a number (one-hot encode the column to use its values as categories, or drop it)")
        #expect(thrownError(CSVError.self) { try Table(contentsOfCSV: "/nonexistent/t.csv") }?.description
                == "/nonexistent/t.csv: cannot read the file: No such file or directory")
    }

    @Test("close names by edit distance")
    func closeNames() {
        #expect(ClosestNames.editDistance("kitten", "sitting") == 3)
        #expect(ClosestNames.editDistance("", "abc") == 3 && ClosestNames.editDistance("BMI", "bmi") == 0)
        #expect(ClosestNames.suggestions(for: "diabetis", among: ["digits", "diabetes", "breast_cancer"]) == ["diabetes"])
        #expect(ClosestNames.suggestions(for: "radius", among: ["mean radius", "radius error", "texture"]) == ["mean radius", "radius error"])
        #expect(ClosestNames.hint(for: "s", among: ["s1", "s2", "bmi"]) == "; did you mean 's1' or 's2'?")
    }
}
