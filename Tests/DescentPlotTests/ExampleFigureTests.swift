import DescentCore
import Foundation
import Testing
@testable import DescentPlot

@Suite("Example figures")
struct ExampleFigureTests {
    @Test func examplesRenderAndAreWritten() throws {
        let folder = try ExampleFigures.writeAll()
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("loss.svg").path))
    }
}
