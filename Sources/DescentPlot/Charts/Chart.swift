// What every chart is: a value that renders to a standalone SVG document.
import Foundation

/// A chart: plain data that renders to a self-contained SVG document (no scripts, fonts or CSS).
///
/// Rendering is a pure function: the same chart gives the same bytes.
public protocol Chart: Sendable {
    /// The chart as an SVG document (UTF-8 text, opens in any browser).
    func svg() -> String
}

extension Chart {
    /// Writes `svg()` to `url` as UTF-8.
    /// - Throws: the file system's error if the file cannot be written.
    public func write(to url: URL) throws {
        try Data(svg().utf8).write(to: url, options: .atomic)
    }
}
