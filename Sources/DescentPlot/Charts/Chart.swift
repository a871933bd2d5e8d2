// What every chart is: a value that renders to a standalone SVG document.
import DescentCore
import Foundation

/// A chart: plain data that renders to a self-contained SVG document (no scripts, fonts or CSS).
///
/// Rendering is a pure function: the same chart gives the same bytes.
public protocol Chart: Sendable {
    /// The chart as an SVG document (UTF-8 text, opens in any browser).
    func svg() -> String
}

extension Chart {
    /// Writes `svg()` to the file at `url` as UTF-8, safely (`OutputFile`): atomically for a
    /// regular file, through a symbolic link to its target, in place for a device or FIFO.
    /// - Throws: `OutputFileError` naming the path and the reason (a directory, a missing folder, …).
    public func write(to url: URL) throws {
        try OutputFile.write(svg(), to: url.path)
    }
}
