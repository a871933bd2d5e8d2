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
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: ReadmeSnippetExtractor README.md OUTPUT.swift\n".utf8))
    exit(2)
}
let markdown: String
do {
    markdown = try String(contentsOfFile: arguments[1], encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("ReadmeSnippetExtractor: cannot read \(arguments[1]): \(error)\n".utf8))
    exit(1)
}

struct Snippet {
    var firstLine: Int
    var lines: [String] = []
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
var functions: [String] = []
for (number, snippet) in snippets.enumerated() {
    var body: [String] = []
    var names: [String] = []
    for line in snippet.lines {
        if line.hasPrefix("import ") {
            if !imports.contains(line) { imports.append(line) }
            continue
        }
        names += declaredNames(line)
        body.append(line.isEmpty ? "" : "    " + line)
    }
    let returned = names.isEmpty ? "[:]" : "[" + names.map { "\"\($0)\": \($0)" }.joined(separator: ", ") + "]"
    functions.append("""
        /// README.md, the Swift block starting at line \(snippet.firstLine).
        func readmeSnippet\(number + 1)() throws -> [String: Any] {
        \(body.joined(separator: "\n"))
            return \(returned)
        }
        """)
}
let output = """
    // Generated from README.md by ReadmeSnippetExtractor at build time; do not edit.
    \(imports.joined(separator: "\n"))

    /// The number of Swift blocks in README.md.
    let readmeSnippetCount = \(snippets.count)

    \(functions.joined(separator: "\n\n"))

    """
do {
    try output.write(toFile: arguments[2], atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("ReadmeSnippetExtractor: cannot write \(arguments[2]): \(error)\n".utf8))
    exit(1)
}
