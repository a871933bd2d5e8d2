import Foundation

/// The edges of a graph as read from text: one edge per line, `source target [weight]`.
///
/// The format of networkx's `read_edgelist`/`read_weighted_edgelist`: fields are separated by
/// spaces or tabs; node names are any non-space strings (numbers are names too: `01` and `1` are
/// different nodes); `#` starts a comment that runs to the end of the line; blank lines are
/// skipped; a missing weight is 1. Nodes are numbered in order of first appearance, as networkx
/// adds them. Weights must be finite and ≥ 0.
///
/// Reading streams the file in 1 MiB pieces: memory is proportional to the edges and distinct
/// names kept (about 24 bytes per edge plus the names), never to the length of a line (a field
/// longer than `maxNameLength` bytes is an error).
public struct EdgeList: Sendable, Equatable {
    /// The name of each node, in order of first appearance.
    public private(set) var nodeNames: [String] = []
    /// The source node of each edge.
    public private(set) var sources: [Int] = []
    /// The target node of each edge.
    public private(set) var targets: [Int] = []
    /// The weight of each edge (1 where the line gave none).
    public private(set) var weights: [Double] = []
    /// Whether any line gave a weight.
    public private(set) var hasWeights = false

    /// The longest node name or weight accepted, in bytes.
    public static let maxNameLength = 4096

    /// Reads the edge list in the file at `path`.
    /// - Throws: `EdgeListError` with the path, line and field: a line with one field or more than
    ///   three, a weight that is not a number or is negative or not finite, a field longer than
    ///   `maxNameLength`; line 0 when the file cannot be read.
    public init(contentsOf path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EdgeListError(line: 0, column: 0, reason: "no such file", file: path)
        }
        guard !isDirectory.boolValue else { throw EdgeListError(line: 0, column: 0, reason: "is a directory, not a file", file: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw EdgeListError(line: 0, column: 0, reason: "cannot read the file", file: path)
        }
        defer { try? handle.close() }
        var parser = EdgeListParser()
        do {
            while true {
                let chunk: Data
                do {
                    guard let read = try handle.read(upToCount: 1 << 20), !read.isEmpty else { break }
                    chunk = read
                } catch {
                    throw EdgeListError(line: 0, column: 0, reason: "cannot read the file")
                }
                try chunk.withUnsafeBytes { try parser.consume($0) }
            }
            self = try parser.finish()
        } catch var error as EdgeListError {
            error.file = path
            throw error
        }
    }

    /// Parses an edge list held in a string (see the type's description for the format).
    /// - Throws: `EdgeListError` with the line and field at fault.
    public init(parsing text: String) throws {
        var parser = EdgeListParser()
        var text = text
        try text.withUTF8 { try parser.consume(UnsafeRawBufferPointer($0)) }
        self = try parser.finish()
    }

    /// An empty list, filled by the parser.
    init() {}

    /// Appends an edge between interned nodes.
    mutating func append(source: Int, target: Int, weight: Double?) {
        sources.append(source)
        targets.append(target)
        weights.append(weight ?? 1)
        if weight != nil { hasWeights = true }
    }

    /// Adds a node name, returning its number.
    mutating func addNode(_ name: String) -> Int {
        nodeNames.append(name)
        return nodeNames.count - 1
    }

    /// The graph of these edges (see `Graph`): repeated edges summed (`duplicateEdgeCount` says
    /// how many), self-loops kept; with `weighted: false` every edge weighs 1 before summing.
    public func graph(directed: Bool, weighted: Bool = true) throws -> Graph {
        // When no line gave a weight, `weights` is already all 1: passing it spares `Graph` another
        // m ones (8 bytes per edge at the peak of building the graph).
        let given = weighted || !hasWeights ? weights : nil
        do {
            return try Graph(nodeCount: nodeNames.count, sources: sources, targets: targets,
                             weights: given, directed: directed, nodeNames: nodeNames)
        } catch GraphError.invalidWeight(let edge, _, _, let weight) {
            // Weights were checked while parsing; this keeps the names in the message regardless.
            throw GraphError.invalidWeight(edge: edge, source: nodeNames[sources[edge]], target: nodeNames[targets[edge]], weight: weight)
        }
    }
}

/// The streaming parser behind `EdgeList`: bytes in chunks of any size, edges out.
struct EdgeListParser {
    private var list = EdgeList()
    private var index: [String: Int] = [:]
    private var field: [UInt8] = []
    private var fieldCount = 0
    private var line = 1
    private var inComment = false
    private var bytesSeen = 0
    private var source = 0, target = 0
    private var weight: Double?

    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws {
        for byte in bytes {
            bytesSeen += 1
            // A UTF-8 byte-order mark at the start of the file is not part of the first name.
            if bytesSeen <= 3 && byte == [0xEF, 0xBB, 0xBF][bytesSeen - 1] && field.count == bytesSeen - 1 && fieldCount == 0 {
                field.append(byte)
                if bytesSeen == 3 { field.removeAll() }
                continue
            }
            if inComment {
                if byte == UInt8(ascii: "\n") { try endLine() }
                continue
            }
            switch byte {
            case UInt8(ascii: "\n"):
                try endField()
                try endLine()
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                try endField()
            case UInt8(ascii: "#"):
                try endField()
                inComment = true
            default:
                guard field.count < EdgeList.maxNameLength else {
                    throw EdgeListError(line: line, column: fieldCount + 1, reason: "a field longer than \(EdgeList.maxNameLength) bytes")
                }
                field.append(byte)
            }
        }
    }

    mutating func finish() throws -> EdgeList {
        try endField()
        try endLine()
        return list
    }

    private mutating func endField() throws {
        guard !field.isEmpty else { return }
        fieldCount += 1
        let text = String(decoding: field, as: UTF8.self)
        field.removeAll(keepingCapacity: true)
        switch fieldCount {
        case 1: source = intern(text)
        case 2: target = intern(text)
        case 3:
            guard let w = Double(text), w.isFinite else {
                throw EdgeListError(line: line, column: 3, reason: "the weight \(EdgeListError.quoted(text)) is not a finite number")
            }
            guard w >= 0 else {
                throw EdgeListError(line: line, column: 3, reason: "the weight \(EdgeListError.quoted(text)) is negative; weights must be ≥ 0")
            }
            weight = w
        default:
            throw EdgeListError(line: line, column: fieldCount, reason: "more than 3 fields (\(EdgeListError.quoted(text))); expected `source target [weight]`")
        }
    }

    private mutating func endLine() throws {
        defer {
            line += 1
            fieldCount = 0
            weight = nil
            inComment = false
        }
        switch fieldCount {
        case 0: return
        case 1: throw EdgeListError(line: line, column: 2, reason: "no target: expected `source target [weight]`")
        default: list.append(source: source, target: target, weight: weight)
        }
    }

    private mutating func intern(_ name: String) -> Int {
        if let v = index[name] { return v }
        let v = list.addNode(name)
        index[name] = v
        return v
    }
}
