/// Suggestions for a misspelled name: the known names within a small edit distance of it.
///
/// Used wherever a user names something from a closed set (a table's columns, a bundled dataset),
/// so that the error can say "did you mean 'bmi'?" instead of only "no such column".
public enum ClosestNames {
    /// The Levenshtein distance between `a` and `b`: the fewest single-character insertions,
    /// deletions and substitutions turning one into the other, compared case-insensitively.
    ///
    /// d(i, j) = min(d(i−1, j) + 1, d(i, j−1) + 1, d(i−1, j−1) + [aᵢ ≠ bⱼ]), by rows of the table.
    /// - Complexity: O(|a|·|b|) time, O(|b|) memory.
    /// - Reference: V. I. Levenshtein, "Binary codes capable of correcting deletions, insertions and
    ///   reversals", Soviet Physics Doklady 10(8), 1966.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The names closest to `name`, nearest first (ties in the order given), at most `limit` of them:
    /// those within an edit distance of max(1, |name|/3) that keep at least one of its characters,
    /// or whose lower-cased form contains `name` or is contained in it (`radius` for `mean radius`).
    public static func suggestions(for name: String, among names: [String], limit: Int = 3) -> [String] {
        let lowered = name.lowercased()
        let threshold = Swift.max(1, lowered.count / 3)
        let scored = names.enumerated().compactMap { index, candidate -> (Int, Int, String)? in
            let distance = editDistance(name, candidate)
            let other = candidate.lowercased()
            let related = !lowered.isEmpty && (other.contains(lowered) || lowered.contains(other))
            guard (distance <= threshold && distance < lowered.count) || related else { return nil }
            return (distance, index, candidate)
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }

    /// The end of a one-line "unknown name" message: "; did you mean 'a' or 'b'?" when there are
    /// close names, else "; the names are a, b, c" (the first `listed` of them, then "…").
    public static func hint(for name: String, among names: [String], listed: Int = 12) -> String {
        let close = suggestions(for: name, among: names)
        if !close.isEmpty {
            let quoted = close.map { CSVError.quoted(Substring($0)) }
            let choices = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
            return "; did you mean \(choices)?"
        }
        let shown = names.prefix(listed).map { CSVError.escaped(Substring($0)) }.joined(separator: ", ")
        return names.isEmpty ? "" : "; the names are \(shown)\(names.count > listed ? ", …" : "")"
    }
}
