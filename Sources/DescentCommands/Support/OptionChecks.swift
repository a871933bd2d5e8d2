import ArgumentParser
import DescentCore

/// The checks `validate()` of the verbs and option groups share, with one wording for each mistake.
enum OptionChecks {
    /// The value of an option given under its new or its old (hidden) spelling; both at once is an error.
    static func renamed<Value>(_ new: Value?, _ old: Value?, new newName: String, old oldName: String) throws -> Value? {
        if new != nil && old != nil {
            throw ValidationError("\(oldName) is the old spelling of \(newName): give \(newName) only")
        }
        return new ?? old
    }

    /// Rejects a NaN, infinite or negative value of a tolerance-like option.
    static func requireNonNegativeFinite(_ value: Double, _ name: String) throws {
        guard value >= 0 && value.isFinite else {
            throw ValidationError("\(name) must be a finite number ≥ 0, got \(NumberFormat.readable(value))")
        }
    }

    /// Runs `body`, prefixing an `OutputFileError` with the option that named the file
    /// (`--plot: cannot write out: is a directory`).
    static func naming<T>(_ option: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as OutputFileError {
            throw UsageError("\(option): \(error)")
        }
    }
}
