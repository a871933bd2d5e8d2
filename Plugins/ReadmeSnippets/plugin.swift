import Foundation
import PackagePlugin

/// Compiles the Swift code blocks of README.md and of the DocC articles into the target that uses
/// this plugin (ReadmeTests), so the documentation's code is type-checked and run by `make test`
/// exactly as written, never a hand copy.
@main
struct ReadmeSnippets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let readme = context.package.directoryURL.appendingPathComponent("README.md")
        let catalog = context.package.directoryURL.appendingPathComponent("Sources/Descent/Descent.docc")
        let articles = try FileManager.default.contentsOfDirectory(at: catalog, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("ReadmeSnippets.swift")
        return [
            .buildCommand(displayName: "Extracting the Swift blocks of README.md and the DocC articles",
                          executable: try context.tool(named: "ReadmeSnippetExtractor").url,
                          arguments: [output.path, readme.path] + articles.map(\.path),
                          inputFiles: [readme] + articles, outputFiles: [output]),
        ]
    }
}
