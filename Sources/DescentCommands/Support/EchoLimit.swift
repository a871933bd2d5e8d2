/// Caps what an error message repeats of the user's input: a 100,000-digit number or a
/// megabyte-long expression is shown by its beginning and its length, so every message stays one
/// readable line.
public enum EchoLimit {
    /// The longest run of non-space characters shown in full.
    public static let longestWord = 120

    /// `message` with every word longer than `longestWord` cut to its first 60 characters and
    /// "…(N characters)".
    public static func capped(_ message: String) -> String {
        guard message.count > longestWord else { return message }
        var out = ""
        var word = ""
        func flush() {
            out += word.count > longestWord ? "\(word.prefix(60))…(\(word.count) characters)" : word
            word = ""
        }
        for character in message {
            if character == " " || character == "\n" {
                flush()
                out.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return out
    }
}
