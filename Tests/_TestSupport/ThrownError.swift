/// The error of type `E` that `body` throws, or nil when it throws none or another kind: for
/// checking an error's fields or message where `#expect(throws:)` can only compare whole values.
public func thrownError<E: Error>(_ type: E.Type, _ body: () throws -> Any) -> E? {
    do { _ = try body() } catch let error as E { return error } catch {}
    return nil
}
