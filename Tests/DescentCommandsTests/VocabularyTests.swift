import DescentCommands
import Foundation
import Testing
import _TestSupport

/// One vocabulary across the verbs: walks the help of every verb (argument-parser's
/// `--experimental-dump-help`, the whole command tree as JSON) and checks each option's name, its
/// values and the JSON keys the help lists. A new verb, or an option that drifts from the words
/// below, fails here until it uses the shared word or is listed, with a reason, in `verbOptions`.
@Suite("One vocabulary")
struct VocabularyTests {
    /// The shared options: one word and one meaning in every verb that has them.
    static let vocabulary: Set<String> = [
        "tol",       // a tolerance (IterationOptions, or a verb's own tolerance such as linalg rank)
        "max-iter",  // an iteration limit (IterationOptions)
        "seed",      // the seed of the random numbers (SeedOptions)
        "json",      // one JSON object instead of the summary (OutputOptions)
        "plot",      // an SVG figure, FILE.svg (PlotOptions)
        "method",    // the algorithm, a closed choice
        "out",       // a result written to a file (reserved: no verb writes one yet)
    ]

    /// Options only one verb (or one family) has, each explained by that verb's help.
    static let verbOptions: [String: Set<String>] = [
        "grad": ["expr", "at"],
        "hessian": ["expr", "at", "max-memory"],      // max-memory: the memory budget (MemoryOptions), on the verbs whose work is a product of sizes
        "jacobian": ["expr", "at", "max-memory"],
        "minimize": ["expr", "x0", "lr", "line-search", "trace", "residuals", "lower", "upper", "escape-saddles"],   // x0: a start, not a point of evaluation (--at)
        "linalg eig": ["symmetric"],
        "linalg svd": ["full"],
        "linalg solve": ["allow-ill-conditioned"],
        "linalg inv": ["allow-ill-conditioned"],
        "linalg lstsq": ["rcond"],
        "linalg pinv": ["rcond"],
        "linalg norm": ["kind"],
        "iterative eigs": ["triplets", "shape", "count", "which", "max-memory", "basis-size", "block-size",
                           "sigma",    // sigma: shift-invert, the eigenvalues nearest σ (SciPy eigsh's name)
                           "jacobi"],  // jacobi: LOBPCG's diagonal preconditioner, as in iterative cg
        "iterative cg": ["triplets", "shape", "jacobi"],   // no max-memory: CG keeps five vectors of length n
        "iterative rsvd": ["triplets", "shape", "rank", "oversampling", "power-iterations", "max-memory"],   // a fixed count, not a limit
        // The table (target, drop, one-hot, missing), the model and its penalty (alpha, l1-ratio, c: scikit-learn's
        // names; c is C, lower case for kebab case), and model selection (standardize, path, alphas, eps, cv, test-fraction).
        "fit": ["distributed", "target", "drop", "one-hot", "missing", "model", "alpha", "l1-ratio", "c", "C", "solver", "penalty", "standardize",
                "path", "alphas", "eps", "cv", "test-fraction", "curvature"],
        "curvature": ["expr", "at", "top", "probes"],   // top: K extreme eigenvalues at each end; probes: Hutchinson's sample size
        "stability": ["steps"],                         // steps: the T products Wᵗv measured
        "pca": ["drop", "components", "kernel", "gamma", "standardize", "distributed"],   // the table (drop), the count k, kernel PCA's kernel and γ
        "pagerank": ["distributed", "damping", "undirected", "weighted", "personalize", "top"],
        "cluster": ["drop", "k", "affinity", "gamma", "neighbors"],   // k: scikit-learn's n_clusters; gamma, neighbors: its rbf γ and n_neighbors
        // The table (target, drop, standardize), the network (task, hidden, activation), the optimizer (PyTorch's word,
        // as the issue names it; lr as minimize), the training loop (Keras's epochs, batch-size, validation-fraction, patience),
        // the weights files (save, resume) and the curvature report (curvature, top as in descent curvature).
        "train": ["target", "drop", "task", "hidden", "activation", "optimizer", "lr", "epochs", "batch-size", "weight-decay",
                  "validation-fraction", "patience", "standardize", "save", "resume", "curvature", "top"],
        "tour": ["out", "open", "sections", "quick"],   // out: the report's folder; sections: which chapters; quick: smaller problems
    ]

    /// Spellings the `fit` issue fixed as public contracts (scikit-learn's `C`, and `--solver`), each beside its
    /// vocabulary spelling (`--c`, `--method`) on the same option: exempt from the kebab-case and synonym checks.
    static let contractSpellings: [String: Set<String>] = ["fit": ["C", "solver"]]

    /// Old spellings kept working as hidden aliases (old → new); listed in the CHANGELOG.
    static let hiddenAliases = ["tolerance": "tol", "max-iterations": "max-iter"]

    /// Words a drifting verb might reach for instead of the shared one.
    static let synonyms = ["tolerance": "tol", "max-iterations": "max-iter", "maxiter": "max-iter", "iterations": "max-iter",
                           "random-seed": "seed", "output": "out", "svg": "plot", "figure": "plot",
                           "algorithm": "method", "solver": "method", "format": "json"]

    /// Options whose values form a closed set: they must list their values (an enum), in kebab case.
    static let closedChoices: Set<String> = ["method", "solver", "which", "kind", "line-search", "kernel"]

    /// A fresh regex per use: `Regex` is not `Sendable`, and the suites run in parallel.
    static var kebabCase: Regex<(Substring, Substring?)> { #/[a-z0-9]+(-[a-z0-9]+)*/# }

    // MARK: The help of every verb

    struct ToolInfo: Decodable { let command: CommandInfo }

    struct CommandInfo: Decodable {
        let commandName: String
        let discussion: String?
        let arguments: [ArgumentInfo]?
        let subcommands: [CommandInfo]?
    }

    struct ArgumentInfo: Decodable {
        struct Name: Decodable { let kind: String; let name: String }
        let kind: String
        let names: [Name]?
        let shouldDisplay: Bool
        let allValues: [String]?
        let abstract: String?

        var longNames: [String] { (names ?? []).filter { $0.kind != "short" }.map(\.name) }
    }

    struct Verb {
        let path: String
        let info: CommandInfo
        /// The named options and flags (not positional arguments, not --help).
        var options: [ArgumentInfo] {
            (info.arguments ?? []).filter { $0.kind != "positional" && !$0.longNames.contains("help") }
        }
        func visible(_ name: String) -> ArgumentInfo? { options.first { $0.shouldDisplay && $0.longNames.contains(name) } }
    }

    /// Every verb (leaf command) of `descent`, with its path such as "linalg eig".
    static func verbs() throws -> [Verb] {
        let run = try DescentCLI.run(["--experimental-dump-help"])
        let tool = try JSONDecoder().decode(ToolInfo.self, from: Data(run.stdout.utf8))
        func leaves(_ command: CommandInfo, _ prefix: [String]) -> [Verb] {
            let subcommands = (command.subcommands ?? []).filter { $0.commandName != "help" }
            if subcommands.isEmpty { return [Verb(path: prefix.joined(separator: " "), info: command)] }
            return subcommands.flatMap { leaves($0, prefix + [$0.commandName]) }
        }
        let all = leaves(tool.command, [])
        // At least grad, hessian, jacobian, minimize, 10 linalg and 3 iterative verbs: the walk found the tree.
        #expect(all.count >= 17, "verbs found: \(all.map(\.path))")
        return all
    }

    // MARK: Checks

    @Test func everyFlagIsKnownToTheArgumentNormalization() throws {
        // `--name -value` is joined into `--name=-value` for every option that is not a flag; a flag
        // missing from the list would swallow the next word.
        for verb in try VocabularyTests.verbs() {
            for option in verb.options where option.kind == "flag" {
                for name in option.longNames {
                    #expect(ArgumentNormalization.flags.contains(name), "\(verb.path): flag --\(name) is not in ArgumentNormalization.flags")
                }
            }
        }
    }

    @Test func everyOptionIsInTheVocabularyOrDocumentedForItsVerb() throws {
        for verb in try VocabularyTests.verbs() {
            let allowed = VocabularyTests.vocabulary.union(VocabularyTests.verbOptions[verb.path] ?? [])
            for option in verb.options {
                for name in option.longNames {
                    if option.shouldDisplay {
                        #expect(allowed.contains(name), "\(verb.path): --\(name) is neither shared vocabulary nor listed for this verb")
                        #expect(VocabularyTests.synonyms[name] == nil || VocabularyTests.contractSpellings[verb.path]?.contains(name) == true,
                                "\(verb.path): --\(name) should be --\(VocabularyTests.synonyms[name] ?? "")")
                    } else {
                        #expect(VocabularyTests.hiddenAliases[name] != nil, "\(verb.path): hidden --\(name) is not a listed old spelling")
                        if let new = VocabularyTests.hiddenAliases[name] {
                            #expect(verb.visible(new) != nil, "\(verb.path): --\(name) is hidden, but its new spelling --\(new) is missing")
                        }
                    }
                }
            }
            // The allow-list holds no stale names.
            for name in VocabularyTests.verbOptions[verb.path] ?? [] {
                #expect(verb.visible(name) != nil, "\(verb.path): listed --\(name) does not exist")
            }
        }
    }

    @Test func namesAndValuesAreKebabCase() throws {
        for verb in try VocabularyTests.verbs() {
            for option in verb.options {
                for name in option.longNames where VocabularyTests.contractSpellings[verb.path]?.contains(name) != true {
                    #expect(name.wholeMatch(of: VocabularyTests.kebabCase) != nil, "\(verb.path): --\(name) is not kebab case")
                }
                for value in option.allValues ?? [] {
                    #expect(value.wholeMatch(of: VocabularyTests.kebabCase) != nil,
                            "\(verb.path): --\(option.longNames.first ?? "") value '\(value)' is not kebab case")
                }
                if let name = option.longNames.first, VocabularyTests.closedChoices.contains(name) {
                    #expect(!(option.allValues ?? []).isEmpty, "\(verb.path): --\(name) is a closed choice but lists no values (use an enum)")
                }
            }
        }
    }

    @Test func oldSpellingsNeverShow() throws {
        for verb in try VocabularyTests.verbs() {
            for old in VocabularyTests.hiddenAliases.keys {
                #expect(verb.visible(old) == nil, "\(verb.path): --\(old) is visible; it is the hidden old spelling of --\(VocabularyTests.hiddenAliases[old]!)")
            }
        }
    }

    @Test func sharedOptionsComeFromTheSharedGroups() throws {
        let verbs = try VocabularyTests.verbs()
        for verb in verbs {
            #expect(verb.visible("json") != nil, "\(verb.path) has no --json")
            // --tol and --max-iter come together (IterationOptions), except a verb's own tolerance (rank).
            if verb.visible("max-iter") != nil { #expect(verb.visible("tol") != nil, "\(verb.path): --max-iter without --tol") }
        }
        // An option of a shared group reads the same in every verb.
        for name in ["json", "seed", "plot", "max-memory"] {
            let texts = Set(verbs.compactMap { $0.visible(name)?.abstract })
            #expect(texts.count <= 1, "--\(name) is described differently across verbs: \(texts)")
        }
        // cg starts at 0 and draws nothing random: it has no --seed (it once accepted one and ignored it).
        #expect(verbs.first { $0.path == "iterative cg" }?.visible("seed") == nil)
    }

    @Test func everyVerbListsItsJSONKeys() throws {
        let known = Set(JSONKey.allCases.map(\.rawValue))
        for verb in try VocabularyTests.verbs() {
            let discussion = (verb.info.discussion ?? "").replacingOccurrences(of: "\n", with: " ")
            guard let range = discussion.range(of: "JSON keys: ") else {
                Issue.record("\(verb.path): the help does not list its JSON keys")
                continue
            }
            let listed = discussion[range.upperBound...].prefix { $0 != "." && $0 != "(" }
            let keys = listed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(!keys.isEmpty && keys.allSatisfy(known.contains), "\(verb.path): JSON keys \(keys) are not all JSONKey names")
        }
    }

    @Test func jsonKeysAreSnakeCase() {
        for key in JSONKey.allCases {
            #expect(key.rawValue.wholeMatch(of: #/[a-z]+(_[a-z]+)*/#) != nil, "\(key) → \(key.rawValue)")
        }
    }
}
