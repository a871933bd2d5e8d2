import ArgumentParser
import Descent
import Foundation

/// `--plot FILE.svg`: the figure of every verb that draws one (`minimize`); the verb's help says what it shows.
public struct PlotOptions: ParsableArguments {
    @Option(name: .customLong("plot"), help: ArgumentHelp("Draw the figure described above to this SVG file.", valueName: "FILE.svg"))
    public var file: String?

    public init() {}

    public func validate() throws {
        if let file, !file.lowercased().hasSuffix(".svg") {
            throw ValidationError("--plot writes an SVG figure: give a file name ending in .svg, got '\(file)'")
        }
    }

    /// Writes the figure to the file safely (`OutputFile`), naming the option when that fails.
    func write(_ chart: any Chart) throws {
        guard let file else { return }
        try OptionChecks.naming("--plot") { try OutputFile.write(chart.svg(), to: file) }
    }
}
