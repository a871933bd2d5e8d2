/// Rewrites `--option value` into `--option=value` when the value starts with a dash, before
/// argument-parser sees the words: otherwise `--lr -0.1`, `--tol -1` and `--expr "---x"` read as
/// a missing value followed by an unknown option, and the user never learns what was wrong with
/// the number (now: "--lr must be a positive finite number, got -0.1").
public enum ArgumentNormalization {
    /// The options that take no value. The vocabulary test checks this list against every verb's
    /// help, so a new flag cannot be mistaken for an option that takes a value.
    public static let flags: Set<String> = ["json", "symmetric", "full", "jacobi", "triplets", "allow-ill-conditioned", "standardize", "path",
                                            "escape-saddles", "curvature", "undirected", "weighted", "help", "version",
                                            "distributed", "open", "quick"]

    /// The arguments with `--name -value` joined as `--name=-value` for every non-flag `--name`.
    public static func normalized(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word.hasPrefix("--"), word.count > 2, !word.contains("="), !flags.contains(String(word.dropFirst(2))),
               index + 1 < arguments.count, arguments[index + 1].hasPrefix("-"), arguments[index + 1] != "--" {
                result.append(word + "=" + arguments[index + 1])
                index += 2
            } else {
                result.append(word)
                index += 1
            }
        }
        return result
    }
}
