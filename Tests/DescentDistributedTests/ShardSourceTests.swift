import DescentDistributed
import Testing

/// How ranks find their rows (no MPI needed): `{rank}` paths and block-cyclic row blocks.
@Suite("ShardSource")
struct ShardSourceTests {
    @Test func perRankFilesReplaceThePlaceholder() {
        let source = ShardSource("data/part-{rank}-of-{rank}.csv")
        #expect(source == .perRankFiles(pattern: "data/part-{rank}-of-{rank}.csv"))
        #expect(source.path(rank: 7) == "data/part-7-of-7.csv")
        #expect(source.rows(of: 5, rank: 3, size: 4) == [0, 1, 2, 3, 4])
    }

    /// Blocks of 2 rows dealt to 3 ranks: rank r has blocks r, r + 3, …; together every row once, in order per rank.
    @Test func rowBlocksPartitionTheRows() {
        let source = ShardSource("all.csv", blockSize: 2)
        #expect(source.path(rank: 2) == "all.csv")
        #expect(source.rows(of: 11, rank: 0, size: 3) == [0, 1, 6, 7])
        #expect(source.rows(of: 11, rank: 1, size: 3) == [2, 3, 8, 9])
        #expect(source.rows(of: 11, rank: 2, size: 3) == [4, 5, 10])
        let all = (0..<3).flatMap { source.rows(of: 11, rank: $0, size: 3) }.sorted()
        #expect(all == Array(0..<11))
        // A rank past the last block gets nothing.
        #expect(ShardSource("all.csv", blockSize: 1000).rows(of: 10, rank: 1, size: 2).isEmpty)
    }
}
