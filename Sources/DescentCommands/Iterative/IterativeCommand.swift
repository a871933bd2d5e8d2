import ArgumentParser
import DescentCore
import Foundation

/// `descent iterative <verb>`: matrix-free and sparse iterative methods on CSV input.
public struct IterativeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "iterative",
        abstract: "Iterative eigensolvers, conjugate gradient and randomized SVD on dense or sparse CSV matrices.",
        subcommands: [EigsCommand.self, ConjugateGradientCommand.self, RandomizedSVDCommand.self]
    )

    public init() {}
}

/// The matrix argument of the iterative verbs: a dense headerless CSV matrix, or with `--triplets`
/// a sparse matrix given as `row,column,value` lines (0-based indices, duplicates summed).
public struct OperatorInput: ParsableArguments {
    /// Path of the CSV file.
    @Argument(help: "Headerless CSV: the matrix A, or with --triplets one `row,column,value` line per entry.")
    public var matrix: String

    /// Read the file as COO triplets into a sparse (CSR) matrix.
    @Flag(name: .long, help: "Read A as 0-based `row,column,value` triplets (sparse; shape from the largest indices unless --shape).")
    public var triplets = false

    /// The shape of a triplet matrix, `m,n` (default: largest indices + 1).
    @Option(name: .long, help: "Shape `m,n` of a triplet matrix (default: largest row and column index + 1).")
    public var shape: String?

    public init() {}

    /// Reads A as a dense tensor or a sparse matrix.
    func read() throws -> any LinearOperator {
        let table = try readMatrix(matrix)
        guard triplets else { return table }
        return try OperatorInput.sparse(fromTriplets: table, shape: shape.map(OperatorInput.parseShape) ?? nil, path: matrix)
    }

    /// A sparse matrix from an r × 3 table of (row, column, value); `shape` nil infers it.
    public static func sparse(fromTriplets table: Tensor, shape: [Int]?, path: String) throws -> SparseMatrix {
        guard table.shape[1] == 3 || table.count == 0 else {
            throw UsageError("\(path): --triplets needs 3 columns (row, column, value), found \(table.shape[1])")
        }
        let count = table.count == 0 ? 0 : table.shape[0]
        var rows = [Int](), columns = [Int](), values = [Double]()
        for t in 0..<count {
            let (i, j) = (table[t, 0], table[t, 1])
            guard i >= 0, j >= 0, i == i.rounded(), j == j.rounded(), i < 1e15, j < 1e15 else {
                throw UsageError("\(path): line \(t + 1): indices (\(i), \(j)) are not non-negative integers")
            }
            rows.append(Int(i))
            columns.append(Int(j))
            values.append(table[t, 2])
        }
        let m = shape?[0] ?? ((rows.max() ?? -1) + 1)
        let n = shape?[1] ?? ((columns.max() ?? -1) + 1)
        do {
            return try SparseMatrix(rows: m, columns: n, rowIndices: rows, columnIndices: columns, values: values)
        } catch let SparseMatrixError.indexOutOfRange(triplet, row, column, shape) {
            throw UsageError("\(path): line \(triplet + 1): index (\(row), \(column)) is outside the shape \(shape[0]) × \(shape[1])")
        }
    }

    /// Parses `m,n`.
    static func parseShape(_ text: String) throws -> [Int]? {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let m = parts[0], let n = parts[1], m >= 0, n >= 0 else {
            throw UsageError("--shape must be two non-negative integers `m,n`, got '\(text)'")
        }
        return [m, n]
    }
}

/// The stopping options shared by the iterative verbs.
public struct IterationOptions: ParsableArguments {
    @Option(name: .long, help: "Relative residual tolerance.")
    public var tolerance: Double = 1e-10

    @Option(name: .long, help: "Iteration limit (Lanczos: Krylov dimension).")
    public var maxIterations: Int = 1000

    @Option(name: .long, help: "Seed of the random starting vector(s).")
    public var seed: UInt64 = 0

    public init() {}

    public func validate() throws {
        guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be a finite number ≥ 0") }
        guard maxIterations >= 0 else { throw ValidationError("--max-iterations must be ≥ 0") }
    }

    /// As library options.
    var options: IterativeOptions { IterativeOptions(tolerance: tolerance, maxIterations: maxIterations, seed: seed) }
}

extension IterativeTermination {
    /// The JSON spelling of a termination (snake case, stable).
    var jsonName: String {
        switch self {
        case .converged: return "converged"
        case .reachedIterationLimit: return "reached_iteration_limit"
        case .breakdown: return "breakdown"
        case .nonFinite: return "non_finite"
        }
    }
}
