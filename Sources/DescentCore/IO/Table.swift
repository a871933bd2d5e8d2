import Foundation

/// One categorical column turned into 0/1 indicator columns.
public struct OneHotEncoding: Sendable, Equatable {
    /// The column's name in the file.
    public let column: String
    /// Its categories in sorted order (those present in the rows kept); category k is column k.
    public let categories: [String]

    /// The names of the indicator columns: `column=category`, in the order of `categories`.
    public var columnNames: [String] { categories.map { "\(column)=\($0)" } }
}

/// A table read from a CSV file with a header row: named numeric feature columns, and optionally a
/// target column kept apart.
///
/// Reading is strict and streaming (see `init(contentsOfCSV:options:)`): every value that is not a
/// number, every row of the wrong length, every missing value (unless a `MissingValuePolicy` says
/// what to do) is a `CSVError` with its 1-based line and column and the column's name. String
/// columns become numbers only when asked: one-hot encoded features, or a target of class names
/// (classes numbered 0, 1, … in sorted order of their names).
///
/// It lives beside the headerless reader in DescentCore because it is the same file format with the
/// same number grammar (`DecimalNumber`), limits (`CSVReadingOptions`) and errors (`CSVError`);
/// models in DescentLearn, the command line and the bundled datasets all read through it.
public struct Table: Sendable, Equatable {
    /// The names of the feature columns, in file order; a one-hot encoded column contributes its
    /// `column=category` names in place.
    public let columnNames: [String]
    /// The features: one row per kept data row, one column per name in `columnNames`.
    public let features: Tensor
    /// The target column's name, when the options named one.
    public let targetName: String?
    /// The target, one value per row: the numbers in the column, or for a column of class names the
    /// class indices 0 … k−1 into `targetClasses`.
    public let target: Tensor?
    /// The class names of a text target in sorted order (class k is `targetClasses[k]`); empty for a
    /// numeric target.
    public let targetClasses: [String]
    /// The one-hot encoded columns and their categories, in file order.
    public let encodings: [OneHotEncoding]
    /// Data rows left out under `MissingValuePolicy.dropRows`.
    public let droppedRowCount: Int
    /// Feature values filled in under `MissingValuePolicy.meanImputation`.
    public let imputedValueCount: Int

    /// The number of rows.
    public var rows: Int { features.shape[0] }

    /// A table from its parts (the bundled datasets and tests build them directly).
    /// - Precondition: `features` is a matrix with one column per name, and `target` (if any) has one
    ///   value per row.
    public init(columnNames: [String], features: Tensor, targetName: String? = nil, target: Tensor? = nil,
                targetClasses: [String] = [], encodings: [OneHotEncoding] = [], droppedRowCount: Int = 0, imputedValueCount: Int = 0) {
        precondition(features.rank == 2 && features.shape[1] == columnNames.count,
                     "Table: features of shape \(features.shape) for \(columnNames.count) column names")
        precondition(target == nil || target!.shape == [features.shape[0]],
                     "Table: target of shape \(target!.shape) for \(features.shape[0]) rows")
        self.columnNames = columnNames
        self.features = features
        self.targetName = targetName
        self.target = target
        self.targetClasses = targetClasses
        self.encodings = encodings
        self.droppedRowCount = droppedRowCount
        self.imputedValueCount = imputedValueCount
    }

    /// Parses CSV text with a header row (see `init(contentsOfCSV:options:)`).
    public init(csv text: String, options: TableReadingOptions = TableReadingOptions()) throws {
        var parser = TableParser(options: options)
        var tokenizer = CSVRecordTokenizer(maxFieldLength: options.limits.maxFieldLength)
        var text = text
        try text.withUTF8 { try tokenizer.consume(UnsafeRawBufferPointer($0), into: &parser) }
        try tokenizer.finish(into: &parser)
        self = try parser.table(lastLine: tokenizer.currentLine)
    }

    /// Reads a CSV file whose first row names the columns, streaming it in 1 MiB pieces: memory is
    /// proportional to the values kept (8 bytes each; 4 per categorical value), never to the length
    /// of the file or of a line.
    ///
    /// Fields follow RFC 4180 (double quotes around a field that holds commas, quotes or breaks);
    /// numbers follow `DecimalNumber`'s grammar. A missing value is an empty field, `NA`, or `nan` in
    /// any case; what happens to it is `options.missingValues`.
    /// - Throws: `CSVError` with the file's path, the 1-based line and column, and the column's name:
    ///   a value that is not a number, a missing value under `.error`, ±∞ when the limits refuse it,
    ///   a row whose field count differs from the header's, an empty or repeated column name, a
    ///   column named in the options that is not in the header (with the close names), a target
    ///   mixing numbers and text, a file with no header or no data rows, more values than
    ///   `options.limits.maxValues`.
    /// - Complexity: O(file length + rows × columns), plus a sort of each column's categories.
    public init(contentsOfCSV path: String, options: TableReadingOptions = TableReadingOptions()) throws {
        do {
            var parser = TableParser(options: options)
            var tokenizer = CSVRecordTokenizer(maxFieldLength: options.limits.maxFieldLength)
            try FileBytes.forEachChunk(ofFile: path) { try tokenizer.consume($0, into: &parser) }
            try tokenizer.finish(into: &parser)
            self = try parser.table(lastLine: tokenizer.currentLine)
        } catch var error as CSVError {
            error.file = path
            throw error
        }
    }

    /// The values of the feature or target column called `name`, as a vector.
    /// - Throws: `CSVError` (line 0) naming the close column names when there is no such column.
    public func column(_ name: String) throws -> Tensor {
        if let j = columnNames.firstIndex(of: name) { return features.column(j) }
        if name == targetName, let target { return target }
        let known = columnNames + (targetName.map { [$0] } ?? [])
        throw CSVError(line: 0, column: 0, reason: "no column \(CSVError.quoted(Substring(name)))\(ClosestNames.hint(for: name, among: known))")
    }
}

/// Turns the fields of a `CSVRecordTokenizer` into a `Table`: the header decides each column's role,
/// then every data field is checked and stored where its role says.
struct TableParser: CSVRecordSink {
    private enum Role {
        case numeric(Int)        // slot among the numeric columns
        case categorical(Int)    // slot among the one-hot columns
        case target
        case dropped
    }

    /// Distinct strings of a text column, numbered in order of first appearance.
    private struct Categories {
        var codes: [String: Int32] = [:]
        var names: [String] = []
        var firstLines: [Int] = []

        mutating func code(for text: String, line: Int) -> Int32 {
            if let code = codes[text] { return code }
            let code = Int32(names.count)
            codes[text] = code
            names.append(text)
            firstLines.append(line)
            return code
        }
    }

    let options: TableReadingOptions
    private var header: [String]?
    private var headerNames: [String] = []
    private var roles: [Role] = []
    private var numericCount = 0
    private var numericValues: [Double] = []          // rows × numericCount, NaN where missing
    private var categoricalCodes: [[Int32]] = []      // per one-hot column, −1 where missing
    private var categories: [Categories] = []
    private var targetCodes: [Int32] = []
    private var targetCategories = Categories()
    private var rowHasMissing: [Bool] = []
    private var currentRowMissing = false
    private var rowCount = 0
    private var valueCount = 0

    init(options: TableReadingOptions) {
        self.options = options
    }

    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, line: Int, column: Int) throws {
        guard header != nil else {
            let name = String(decoding: bytes, as: UTF8.self)
            guard !name.isEmpty else { throw CSVError(line: line, column: column, reason: "column \(column) of the header has no name") }
            if let earlier = headerNames.firstIndex(of: name) {
                throw CSVError(line: line, column: column,
                               reason: "column name \(CSVError.quoted(Substring(name))) appears twice in the header (columns \(earlier + 1) and \(column))")
            }
            headerNames.append(name)
            return
        }
        guard column <= roles.count else { return }   // too many fields: endRecord says so
        let role = roles[column - 1]
        if case .dropped = role { return }
        guard valueCount < options.limits.maxValues else {
            throw CSVError(line: line, column: column,
                           reason: "more than \(options.limits.maxValues) values (CSVReadingOptions.maxValues); raise the limit to read a larger table")
        }
        valueCount += 1
        let missing = TableParser.isMissing(bytes)
        if missing { try noteMissing(bytes, line: line, column: column, role: role) }
        switch role {
        case .numeric:
            if missing {
                numericValues.append(.nan)
                return
            }
            guard let value = DecimalNumber.parse(bytes) else {
                throw CSVError(line: line, column: column,
                               reason: "\(shown(bytes)) in column \(columnName(column)) is not a number (one-hot encode the column to use its values as categories, or drop it)")
            }
            guard value.isFinite || options.limits.allowsNonFinite else {
                throw CSVError(line: line, column: column, reason: "\(shown(bytes)) in column \(columnName(column)) is not a finite number")
            }
            numericValues.append(value)
        case .categorical(let slot):
            categoricalCodes[slot].append(missing ? -1 : categories[slot].code(for: String(decoding: bytes, as: UTF8.self), line: line))
        case .target:
            targetCodes.append(missing ? -1 : targetCategories.code(for: String(decoding: bytes, as: UTF8.self), line: line))
        case .dropped:
            break
        }
    }

    mutating func endRecord(line: Int, fields: Int) throws {
        guard header != nil else {
            header = headerNames
            try assignRoles()
            return
        }
        guard fields == roles.count else {
            throw CSVError(line: line, column: Swift.min(fields, roles.count) + 1,
                           reason: "expected \(roles.count) fields as in the header, found \(fields)")
        }
        rowHasMissing.append(currentRowMissing)
        currentRowMissing = false
        rowCount += 1
    }

    /// The table, once every record has been seen.
    func table(lastLine: Int) throws -> Table {
        guard header != nil else { throw CSVError(line: 1, column: 1, reason: "no header: the file is empty") }
        guard rowCount > 0 else {
            throw CSVError(line: Swift.max(lastLine - 1, 1), column: 1, reason: "no data rows after the header")
        }
        let keep = (0..<rowCount).filter { !(options.missingValues == .dropRows && rowHasMissing[$0]) }
        guard !keep.isEmpty else {
            throw CSVError(line: 0, column: 0, reason: "every one of the \(rowCount) data rows has a missing value; none is left after dropping them")
        }

        // Categories present in the kept rows, sorted, and each old code's new column.
        var encodings: [OneHotEncoding] = []
        var remaps: [[Int]] = []
        for (slot, found) in categories.enumerated() {
            var used = [Bool](repeating: false, count: found.names.count)
            for r in keep where categoricalCodes[slot][r] >= 0 { used[Int(categoricalCodes[slot][r])] = true }
            let sorted = found.names.indices.filter { used[$0] }.sorted { found.names[$0] < found.names[$1] }
            var remap = [Int](repeating: -1, count: found.names.count)
            for (position, old) in sorted.enumerated() { remap[old] = position }
            remaps.append(remap)
            encodings.append(OneHotEncoding(column: oneHotName(slot), categories: sorted.map { found.names[$0] }))
        }

        // Feature columns in file order: a numeric column is one, a categorical column k of them.
        var names: [String] = []
        var sources: [(role: Role, offset: Int)] = []
        for (index, role) in roles.enumerated() {
            switch role {
            case .numeric:
                names.append(headerNames[index])
                sources.append((role, 0))
            case .categorical(let slot):
                for (k, name) in encodings[slot].columnNames.enumerated() {
                    names.append(name)
                    sources.append((role, k))
                }
            case .target, .dropped:
                break
            }
        }
        let m = keep.count, n = names.count
        var imputed = 0
        var values = [Double](repeating: 0, count: m * n)
        for (j, source) in sources.enumerated() {
            switch source.role {
            case .numeric(let slot):
                var sum = 0.0, present = 0
                for (i, r) in keep.enumerated() {
                    let x = numericValues[r * numericCount + slot]
                    values[i * n + j] = x
                    if !x.isNaN { sum += x; present += 1 }
                }
                if present < m { imputed += try impute(column: j, name: names[j], sum: sum, present: present, into: &values, rows: m, columns: n) }
            case .categorical(let slot):
                var present = 0, hits = 0
                for (i, r) in keep.enumerated() {
                    let code = categoricalCodes[slot][r]
                    if code < 0 {
                        values[i * n + j] = .nan
                    } else {
                        present += 1
                        if remaps[slot][Int(code)] == source.offset { values[i * n + j] = 1; hits += 1 }
                    }
                }
                if present < m { imputed += try impute(column: j, name: names[j], sum: Double(hits), present: present, into: &values, rows: m, columns: n) }
            case .target, .dropped:
                break
            }
        }

        var target: Tensor?
        var classes: [String] = []
        if options.target != nil {
            (target, classes) = try targetValues(keep)
        }
        return Table(columnNames: names, features: Tensor(shape: [m, n], scalars: values), targetName: options.target,
                     target: target, targetClasses: classes, encodings: encodings,
                     droppedRowCount: rowCount - m, imputedValueCount: imputed)
    }

    // MARK: Pieces

    /// Empty, `NA`, or a NaN spelling (`nan`, `NaN`, `-nan`, … as `DecimalNumber` reads them).
    static func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.isEmpty { return true }
        if bytes.count == 2 && bytes[0] == UInt8(ascii: "N") && bytes[1] == UInt8(ascii: "A") { return true }
        guard bytes.count <= 4, let value = DecimalNumber.parse(bytes) else { return false }
        return value.isNaN
    }

    private mutating func noteMissing(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, column: Int, role: Role) throws {
        let what = bytes.isEmpty ? "an empty field" : shown(bytes)
        if case .target = role, options.missingValues != .dropRows {
            throw CSVError(line: line, column: column,
                           reason: "missing target value (\(what)) in column \(columnName(column)); a label is never imputed (drop the rows with missing values instead)")
        }
        if options.missingValues == .error {
            throw CSVError(line: line, column: column,
                           reason: "missing value (\(what)) in column \(columnName(column)); choose a missing-value policy (drop rows or mean imputation) to accept it")
        }
        currentRowMissing = true
    }

    /// Fills the NaNs of column j with the mean of its present values; returns how many.
    private func impute(column j: Int, name: String, sum: Double, present: Int, into values: inout [Double], rows m: Int, columns n: Int) throws -> Int {
        guard present > 0 else {
            throw CSVError(line: 0, column: 0, reason: "column \(CSVError.quoted(Substring(name))) has no values to take the mean of: every one is missing")
        }
        let mean = sum / Double(present)
        for i in 0..<m where values[i * n + j].isNaN { values[i * n + j] = mean }
        return m - present
    }

    /// The target as numbers, or as class indices when its values are text.
    private func targetValues(_ keep: [Int]) throws -> (Tensor, [String]) {
        let found = targetCategories
        let numbers: [Double?] = found.names.map { name in
            var text = name
            return text.withUTF8 { DecimalNumber.parse($0) }.flatMap { $0.isFinite ? $0 : nil }
        }
        let column = roles.firstIndex { if case .target = $0 { return true } else { return false } }! + 1
        if let textual = numbers.firstIndex(where: { $0 == nil }) {
            if let numeric = numbers.firstIndex(where: { $0 != nil }) {
                throw CSVError(line: found.firstLines[textual], column: column,
                               reason: "target column \(columnName(column)) mixes text (\(CSVError.quoted(Substring(found.names[textual])))) with numbers (\(CSVError.quoted(Substring(found.names[numeric]))) on line \(found.firstLines[numeric]))")
            }
            var used = [Bool](repeating: false, count: found.names.count)
            for r in keep { used[Int(targetCodes[r])] = true }
            let sorted = found.names.indices.filter { used[$0] }.sorted { found.names[$0] < found.names[$1] }
            var remap = [Double](repeating: -1, count: found.names.count)
            for (k, old) in sorted.enumerated() { remap[old] = Double(k) }
            return (Tensor(keep.map { remap[Int(targetCodes[$0])] }), sorted.map { found.names[$0] })
        }
        return (Tensor(keep.map { numbers[Int(targetCodes[$0])]! }), [])
    }

    /// Each header column's role, from the options; unknown or conflicting names are errors.
    private mutating func assignRoles() throws {
        func index(of name: String, _ purpose: String) throws -> Int {
            guard let index = headerNames.firstIndex(of: name) else {
                throw CSVError(line: 0, column: 0,
                               reason: "the \(purpose) \(CSVError.quoted(Substring(name))) is not a column of the header\(ClosestNames.hint(for: name, among: headerNames))")
            }
            return index
        }
        var assigned = [Role?](repeating: nil, count: headerNames.count)
        var purposes = [String?](repeating: nil, count: headerNames.count)
        func claim(_ index: Int, _ role: Role, _ purpose: String) throws {
            if let earlier = purposes[index] {
                throw CSVError(line: 0, column: 0,
                               reason: "column \(CSVError.quoted(Substring(headerNames[index]))) is named both as the \(earlier) and as the \(purpose)")
            }
            assigned[index] = role
            purposes[index] = purpose
        }
        if let target = options.target { try claim(try index(of: target, "target column"), .target, "target column") }
        for name in options.droppedColumns { try claim(try index(of: name, "dropped column"), .dropped, "dropped column") }
        var slot = 0
        for index in headerNames.indices {
            // One-hot slots in file order, whatever the order of the options.
            if options.oneHotColumns.contains(headerNames[index]) {
                try claim(index, .categorical(slot), "one-hot column")
                slot += 1
            }
        }
        for name in options.oneHotColumns { _ = try index(of: name, "one-hot column") }
        categories = [Categories](repeating: Categories(), count: slot)
        categoricalCodes = [[Int32]](repeating: [], count: slot)
        roles = assigned.map { role in
            if let role { return role }
            defer { numericCount += 1 }
            return .numeric(numericCount)
        }
    }

    private func columnName(_ column: Int) -> String { CSVError.quoted(Substring(headerNames[column - 1])) }

    private func oneHotName(_ slot: Int) -> String {
        let index = roles.firstIndex { if case .categorical(slot) = $0 { return true } else { return false } }!
        return headerNames[index]
    }

    private func shown(_ bytes: UnsafeBufferPointer<UInt8>) -> String { CSVError.quoted(Substring(decoding: bytes, as: UTF8.self)) }
}
