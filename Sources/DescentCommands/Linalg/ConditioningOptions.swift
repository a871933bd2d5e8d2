import ArgumentParser
import DescentCore

/// `--allow-ill-conditioned`: the verbs that solve with or invert a square matrix refuse one that is
/// singular to working precision (estimated 1/κ₁(A) < ε) unless told to go on.
public struct ConditioningOptions: ParsableArguments {
    /// Go on when A is singular to working precision (the result then has no reliable digits).
    @Flag(name: .long, help: "Compute even when A is singular to working precision (estimated rcond < 2.2e-16); the result is then unreliable.")
    public var allowIllConditioned = false

    public init() {}

    /// Runs `body`, adding to an ill-conditioning error how to go on anyway.
    func explainingRefusal<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LinearAlgebraError {
            guard case .illConditioned = error else { throw error }
            throw UsageError("\(error) (or pass --allow-ill-conditioned)")
        }
    }
}
