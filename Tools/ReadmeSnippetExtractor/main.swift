// Turns the Swift code blocks of a Markdown file into compilable functions, so a test can run the
// README's tour exactly as a reader sees it (the `ReadmeSnippets` build plugin runs this).
//
// Usage: ReadmeSnippetExtractor README.md OUTPUT.swift
//
// Each ```swift block becomes `func readmeSnippetN() throws -> [String: Any]`; its `import` lines
// are hoisted to the top of the file, and the function returns every constant and variable the
// block declares at its top level (`let a = …`, `var s = …`, `let (f, g) = …`) by name, so the
// test can check the values the README's comments promise.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: ReadmeSnippetExtractor OUTPUT.swift README.md [ARTICLE.md …]\n".utf8))
    exit(2)
}

struct Snippet {
    var firstLine: Int
    var lines: [String] = []
}

/// The ```swift blocks of a Markdown file, in order.
func swiftBlocks(of path: String) -> [Snippet] {
    let markdown: String
    do {
        markdown = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        FileHandle.standardError.write(Data("ReadmeSnippetExtractor: cannot read \(path): \(error)\n".utf8))
        exit(1)
    }
    var snippets: [Snippet] = []
    var current: Snippet?
    for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if current == nil, trimmed == "```swift" {
            current = Snippet(firstLine: index + 2)
        } else if let open = current, trimmed == "```" {
            snippets.append(open)
            current = nil
        } else {
            current?.lines.append(line)
        }
    }
    return snippets
}

/// The names a top-level declaration line binds: `let a`, `var b: T`, `let (c, d)`.
func declaredNames(_ line: String) -> [String] {
    for keyword in ["let ", "var "] where line.hasPrefix(keyword) {
        let rest = line.dropFirst(keyword.count)
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")") else { return [] }
            return rest[rest.index(after: rest.startIndex)..<close]
                .split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0 != "_" && !$0.isEmpty }
        }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty || name == "_" ? [] : [String(name)]
    }
    return []
}

var imports: [String] = []

/// A function running `lines` and returning their top-level names; imports go to the file's top.
func function(named name: String, from source: String, lines: [String], imports: inout [String]) -> String {
    var body: [String] = []
    var names: [String] = []
    for line in lines {
        if line.hasPrefix("import ") {
            if !imports.contains(line) { imports.append(line) }
            continue
        }
        names += declaredNames(line)
        body.append(line.isEmpty ? "" : "    " + line)
    }
    let returned = names.isEmpty ? "[:]" : "[" + names.map { "\"\($0)\": \($0)" }.joined(separator: ", ") + "]"
    return """
        /// \(source).
        func \(name)() throws -> [String: Any] {
        \(body.joined(separator: "\n"))
            return \(returned)
        }
        """
}

let readme = swiftBlocks(of: arguments[2])
var functions: [String] = []
for (number, snippet) in readme.enumerated() {
    functions.append(function(named: "readmeSnippet\(number + 1)", from: "README.md, the Swift block starting at line \(snippet.firstLine)",
                              lines: snippet.lines, imports: &imports))
}
var articles: [String] = []
for path in arguments.dropFirst(3) {
    let blocks = swiftBlocks(of: path)
    guard !blocks.isEmpty else { continue }
    let file = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    let name = "articleSnippet" + file.filter { $0.isLetter || $0.isNumber }
    functions.append(function(named: name, from: "\(file).md, its Swift blocks in order", lines: blocks.flatMap(\.lines),
                              imports: &imports))
    articles.append("(\"\(file)\", \(name))")
}
let output = """
    // Generated from README.md and the DocC articles by ReadmeSnippetExtractor at build time; do not edit.
    \(imports.sorted().joined(separator: "\n"))

    /// The number of Swift blocks in README.md.
    let readmeSnippetCount = \(readme.count)

    /// Each DocC article with Swift code, as one function running its blocks in order.
    let articleSnippets: [(name: String, run: @Sendable () throws -> [String: Any])] = [\(articles.joined(separator: ", "))]

    \(functions.joined(separator: "\n\n"))

    """
do {
    try output.write(toFile: arguments[1], atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("ReadmeSnippetExtractor: cannot write \(arguments[1]): \(error)\n".utf8))
    exit(1)
}
