import ArgumentParser
import Foundation

/// A mistake in what the user asked for (bad option value, file that does not fit), reported as
/// one line on stderr with a non-zero exit, never as a stack trace.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a verb's body and turns library data errors (kind 2 of the failure policy in ARCHITECTURE.md) into a one-line
/// message on stderr and exit code 1. ArgumentParser's own errors pass through unchanged.
public func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CleanExit {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(EchoLimit.capped("\(error)"))\n".utf8))
        throw ExitCode.failure
    }
}
