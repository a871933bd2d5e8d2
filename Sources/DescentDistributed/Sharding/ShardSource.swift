/// Where each rank's rows come from, for data that is read by the ranks themselves.
///
/// - `.perRankFiles`: a path with `{rank}` in it, e.g. `part-{rank}.csv`; rank r reads the file
///   with `{rank}` replaced by r and keeps every row (the data were split beforehand, any sizes,
///   empty files allowed).
/// - `.rowBlocks`: one file that every rank reads; rank r keeps the blocks of `blockSize`
///   consecutive rows numbered r, r + P, r + 2P, … (block-cyclic, so a file sorted by some column
///   is still spread evenly). Every rank parses the whole file; with data larger than one machine's
///   memory use per-rank files.
public enum ShardSource: Sendable, Equatable {
    /// One file per rank: the pattern with `{rank}` replaced by the rank.
    case perRankFiles(pattern: String)
    /// One shared file, row blocks dealt to the ranks in turn.
    case rowBlocks(path: String, blockSize: Int)

    /// The placeholder a per-rank path contains.
    public static let rankPlaceholder = "{rank}"

    /// `.perRankFiles` when the path contains `{rank}`, `.rowBlocks` otherwise.
    /// - Precondition: blockSize ≥ 1.
    public init(_ path: String, blockSize: Int = 1000) {
        precondition(blockSize >= 1, "ShardSource: blockSize \(blockSize) must be at least 1")
        self = path.contains(ShardSource.rankPlaceholder) ? .perRankFiles(pattern: path) : .rowBlocks(path: path, blockSize: blockSize)
    }

    /// The file rank r reads.
    public func path(rank: Int) -> String {
        switch self {
        case .perRankFiles(let pattern): return pattern.replacingOccurrences(of: ShardSource.rankPlaceholder, with: String(rank))
        case .rowBlocks(let path, _): return path
        }
    }

    /// The rows rank r of P keeps out of the `count` rows its file holds: all of them for per-rank
    /// files; rows [b·s, (b + 1)·s) for the blocks b ≡ r (mod P) otherwise (s the block size).
    /// - Precondition: 0 ≤ rank < size, count ≥ 0.
    public func rows(of count: Int, rank: Int, size: Int) -> [Int] {
        precondition(size >= 1 && (0..<size).contains(rank) && count >= 0, "ShardSource.rows: rank \(rank) of \(size), count \(count)")
        switch self {
        case .perRankFiles: return Array(0..<count)
        case .rowBlocks(_, let blockSize):
            var rows: [Int] = []
            var start = rank * blockSize
            while start < count {
                rows += start..<Swift.min(start + blockSize, count)
                start += size * blockSize
            }
            return rows
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
