// One chapter of `descent tour`: a computation that writes its page of the report.
import DescentPlot

/// A section of the tour: computes something on the bundled data and writes what it found (text,
/// figures, tables, checked claims, key numbers) to its `TourPage`.
///
/// A section never types a number into its text: every figure it quotes comes from the run.
/// Sections are independent of each other, so any subset can run (`descent tour --sections`).
public protocol TourSection: Sendable {
    /// Short name used by `--sections` and in figure file names ("gradient", "optimizers", …).
    var id: String { get }
    /// Heading of the section in the report.
    var title: String { get }
    /// What the section does, for its progress line ("checking derivatives against finite differences").
    var activity: String { get }
    /// Runs the computations and writes the page.
    /// - Throws: whatever a computation throws; the tour reports it in the section and carries on.
    func write(to page: inout TourPage, options: TourOptions) throws
}

/// How much work the tour does.
public struct TourOptions: Sendable, Equatable {
    /// Smaller problems, fewer iterations and sweeps (`--quick`): the whole tour in seconds. Every
    /// section still makes the same points, on less data.
    public var quick: Bool
    /// Seed for every random draw (data generators, initializations, k-means restarts).
    public var seed: UInt64

    /// Options for a full run (`quick` false) seeded with `seed`.
    public init(quick: Bool = false, seed: UInt64 = 0) {
        self.quick = quick
        self.seed = seed
    }

    /// `full` in a full run, `quick` in a quick one.
    public func size<T>(full: T, quick: T) -> T { self.quick ? quick : full }
}
