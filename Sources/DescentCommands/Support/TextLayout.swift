import ComplexModule
import RealModule
import DescentCore

/// The layout of every readable summary: one style for numbers, points, vectors and matrices.
///
/// - a number: `NumberFormat.readable` (`37`, `0.4`, `1.5e-08`);
/// - a point: `(x = 1, y = 2)`;
/// - a vector: on the line of its label, `label: [1, 0.5, -2]`;
/// - a matrix: below its label, one bracketed row per line, columns right-aligned:
///   ```
///   label:
///   [[ 802, -400],
///    [-400,  200]]
///   ```
enum TextLayout {
    /// A number as people write it.
    static func number(_ x: Double) -> String { NumberFormat.readable(x) }

    /// A complex number: `5`, `1.5 + 2i`, `1.5 - 0.25i`.
    static func number(_ z: Complex<Double>) -> String {
        guard z.imaginary != 0 else { return number(z.real) }
        let sign = z.imaginary < 0 ? "-" : "+"
        return "\(number(z.real)) \(sign) \(number(Swift.abs(z.imaginary)))i"
    }

    /// `(x = 1, y = 2)`: named values in their order.
    static func point(_ names: [String], _ values: [Double]) -> String {
        "(" + zip(names, values).map { "\($0) = \(number($1))" }.joined(separator: ", ") + ")"
    }

    /// `[a, b, c]`.
    static func vector(_ cells: [String]) -> String {
        "[" + cells.joined(separator: ", ") + "]"
    }

    /// Rows of cells, right-aligned to the widest cell: `[[a, b],\n [c, d]]`.
    static func matrix(_ rows: [[String]]) -> String {
        // Cells are ASCII, so UTF-8 length is the width; one growing string, no per-cell padding copies.
        let width = rows.joined().map(\.utf8.count).max() ?? 0
        var out = "["
        out.reserveCapacity(rows.reduce(0) { $0 + $1.count } * (width + 2) + 4 * rows.count)
        for (i, row) in rows.enumerated() {
            out += i == 0 ? "[" : ",\n ["
            for (j, cell) in row.enumerated() {
                if j > 0 { out += ", " }
                let pad = width - cell.utf8.count
                if pad > 0 { out += String(repeating: " ", count: pad) }
                out += cell
            }
            out += "]"
        }
        return out + "]"
    }

    /// A scalar, vector or matrix tensor in its style (higher ranks do not occur in the CLI).
    static func tensor(_ t: Tensor) -> String {
        switch t.rank {
        case 0: return number(t.scalars[0])
        case 1: return vector(t.scalars.map(number))
        default:
            let n = t.shape[1]
            return matrix((0..<t.shape[0]).map { i in (0..<n).map { number(t.scalars[i * n + $0]) } })
        }
    }

    /// `label: value` for a number or vector, `label:\n<matrix>` for a matrix.
    static func field(_ label: String, _ t: Tensor) -> String {
        t.rank >= 2 ? "\(label):\n\(tensor(t))" : "\(label): \(tensor(t))"
    }

    /// `label: value`.
    static func field(_ label: String, _ value: Double) -> String {
        "\(label): \(number(value))"
    }

    /// The closing lines of every iterative verb: `termination: …` and `iterations: n[, other counts]`.
    static func ending(_ termination: Termination, iterations: Int, counts: [(String, Int)] = []) -> [String] {
        ["termination: \(termination)",
         ([("iterations", iterations)] + counts).map { "\($0.0): \($0.1)" }.joined(separator: ", ")]
    }
}
