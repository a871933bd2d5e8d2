import ArgumentParser
import Descent
import Foundation

/// `--lower` and `--upper` of `descent minimize`: one number for every variable, or a comma list with
/// one per variable in the order of `--x0` (`inf`, `-inf` for a free side).
enum MinimizeBounds {
    /// The methods that accept bounds, as `--method` spells them.
    static let supportingMethods: [MinimizeCommand.Method] = [.lbfgs]

    /// The box, or `nil` when neither option is given.
    /// - Throws: `UsageError` for a value that is not a number, a list of the wrong length, or a lower
    ///   bound above its upper bound (naming the variable).
    static func parse(lower: String?, upper: String?, names: [String]) throws -> Bounds? {
        guard lower != nil || upper != nil else { return nil }
        let l = try values(lower, option: "--lower", default: -.infinity, names: names)
        let u = try values(upper, option: "--upper", default: .infinity, names: names)
        do {
            return try Bounds(lower: l, upper: u)
        } catch let error as BoundsError {
            switch error {
            case let .infeasible(index, lo, hi):
                throw UsageError("--lower/--upper: the lower bound of \(names[index]) (\(NumberFormat.readable(lo))) exceeds its upper bound (\(NumberFormat.readable(hi))), so no point is feasible")
            case let .unreachable(index, lo, hi):
                throw UsageError("--lower/--upper: \(names[index]) must satisfy \(NumberFormat.readable(lo)) ≤ \(names[index]) ≤ \(NumberFormat.readable(hi)), which no finite value does")
            default:
                throw UsageError("--lower/--upper: \(error)")
            }
        }
    }

    private static func values(_ text: String?, option: String, default fill: Double, names: [String]) throws -> [Double] {
        guard let text else { return [Double](repeating: fill, count: names.count) }
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = try items.map { item -> Double in
            guard let value = Double(item), !value.isNaN else {
                throw UsageError("\(option): '\(item)' is not a number (use inf or -inf for no bound)")
            }
            return value
        }
        if numbers.count == 1 { return [Double](repeating: numbers[0], count: names.count) }
        guard numbers.count == names.count else {
            throw UsageError("\(option): \(numbers.count) values for \(names.count) variables (\(names.joined(separator: ", "))); give one for all or one per variable")
        }
        return numbers
    }
}
