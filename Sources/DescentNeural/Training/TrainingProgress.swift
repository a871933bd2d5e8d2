import Foundation

/// A one-line progress display on standard error ("epoch 3/10  batch 12/40  loss 0.4137"),
/// rewritten in place with a carriage return; created only when standard error is a terminal, so
/// logs and pipes never receive it.
final class TrainingProgress {
    let epochs: Int
    private var lastDraw = Date.distantPast

    /// A display, or nil when standard error is not a terminal.
    init?(epochs: Int) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.epochs = epochs
    }

    /// Redraws at most ten times a second.
    func update(epoch: Int, batch: Int, of batches: Int, loss: Double) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || batch == batches else { return }
        lastDraw = now
        let line = "\repoch \(epoch)/\(epochs)  batch \(batch)/\(batches)  loss \(String(format: "%.4g", loss))\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the line.
    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
