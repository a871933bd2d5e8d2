import Foundation

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// NumPy-like text: nested brackets, aligned columns, up to 6 significant digits.
    public var description: String {
        switch rank {
        case 0:
            return Tensor.format(scalars[0])
        case 1:
            return "[" + scalars.map(Tensor.format).joined(separator: ", ") + "]"
        case 2:
            let cells = scalars.map(Tensor.format)
            let width = cells.map(\.count).max() ?? 0
            let n = shape[1]
            let lines = (0..<shape[0]).map { i -> String in
                let row = (0..<n).map { j in
                    let cell = cells[i * n + j]
                    return String(repeating: " ", count: width - cell.count) + cell
                }
                return "[" + row.joined(separator: ", ") + "]"
            }
            return "[" + lines.joined(separator: ",\n ") + "]"
        default:
            return "Tensor(shape: \(shape), scalars: \(scalars))"
        }
    }

    public var debugDescription: String { "Tensor(shape: \(shape), scalars: \(scalars))" }

    /// Formats one number compactly: integers without a fraction, others with `%.6g`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded() && Swift.abs(value) < 1e15 { return String(Int64(value)) + "." }
        return String(format: "%.6g", value)
    }
}
