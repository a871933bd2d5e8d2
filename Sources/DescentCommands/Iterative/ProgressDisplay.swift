import DescentCore
import Foundation

/// One status line on stderr for a long iterative run — `eigs: iteration 1200, residual 3.2e-05
/// (target 1e-09)` — rewritten in place, and erased when the run ends.
///
/// Shown only when stderr is a terminal (`forTerminal`), so pipes, files and tests see nothing;
/// and only once a run has lasted `delay` seconds, then at most every `interval` seconds, so a
/// quick run never flickers and a long one costs a few writes per second.
final class ProgressDisplay: @unchecked Sendable {
    // @unchecked: the mutable state is guarded by `lock` (the solvers report from one thread, but
    // the observer they hold must be @Sendable).
    private let label: String
    private let write: (String) -> Void
    private let now: () -> Double
    private let delay: Double
    private let interval: Double
    private let lock = NSLock()
    private var start: Double?
    private var lastShown = -Double.infinity
    private var shown = false

    /// - Parameters:
    ///   - label: the verb, first on the line.
    ///   - write: where the text goes (stderr for `forTerminal`).
    ///   - now: a monotonic clock in seconds.
    ///   - delay: how long a run must last before anything is shown (default 0.5 s).
    ///   - interval: the least time between two updates (default 0.2 s).
    init(label: String, write: @escaping (String) -> Void, now: @escaping () -> Double,
         delay: Double = 0.5, interval: Double = 0.2) {
        self.label = label
        self.write = write
        self.now = now
        self.delay = delay
        self.interval = interval
    }

    /// A display on stderr if stderr is a terminal, else nil (nothing is ever written).
    static func forTerminal(_ label: String) -> ProgressDisplay? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressDisplay(label: label, write: { FileHandle.standardError.write(Data($0.utf8)) },
                               now: { ProcessInfo.processInfo.systemUptime })
    }

    /// The observer to put in `IterativeOptions.progress`.
    var observer: @Sendable (IterationProgress) -> Void { { [self] in report($0) } }

    /// Rewrites the status line if the run has lasted `delay` and the last update is `interval` old.
    func report(_ progress: IterationProgress) {
        lock.lock()
        defer { lock.unlock() }
        let time = now()
        let started = start ?? time
        start = started
        guard time - started >= delay, time - lastShown >= interval else { return }
        lastShown = time
        shown = true
        write("\r\u{1B}[K\(label): iteration \(progress.iteration), residual \(NumberFormat.readable(progress.residual, significantDigits: 3))"
            + " (target \(NumberFormat.readable(progress.target, significantDigits: 3)))")
    }

    /// Erases the status line, if one was shown, so the result prints on a clean line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { write("\r\u{1B}[K") }
        shown = false
    }
}
