import ArgumentParser

/// `--seed`: the seed of every verb that draws random numbers (`iterative eigs`, `iterative rsvd`).
public struct SeedOptions: ParsableArguments {
    @Option(name: .long, help: "Seed of the random starting vectors or test matrix; the same seed gives the same output.")
    public var seed: UInt64 = 0

    public init() {}
}
