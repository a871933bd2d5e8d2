import Foundation
import PackagePlugin

/// Compiles README.md's Swift code blocks into the target that uses this plugin (ReadmeTests), so
/// the README's tour is type-checked and run by `make test` exactly as written, never a hand copy.
@main
struct ReadmeSnippets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let readme = context.package.directoryURL.appendingPathComponent("README.md")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("ReadmeSnippets.swift")
        return [
            .buildCommand(displayName: "Extracting the Swift blocks of README.md",
                          executable: try context.tool(named: "ReadmeSnippetExtractor").url,
                          arguments: [readme.path, output.path],
                          inputFiles: [readme], outputFiles: [output]),
        ]
    }
}
