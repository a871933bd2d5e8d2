#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a file as a stream of byte chunks, with the reasons for failure said in words.
enum FileBytes {
    /// Bytes per `read(2)` call: large enough that system calls cost nothing next to parsing.
    static let chunkSize = 1 << 20

    /// Calls `body` with successive pieces of the file at `path`, in order, until its end.
    /// - Throws: `CSVError` (line 0) when the file cannot be opened or read, is a directory, or is
    ///   not a regular file, FIFO or character device; whatever `body` throws.
    static func forEachChunk(ofFile path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CSVError(line: 0, column: 0, reason: "cannot read the file: \(errorText(errno))") }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw CSVError(line: 0, column: 0, reason: "is a directory, not a file")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let got = read(descriptor, buffer.baseAddress, chunkSize)
            if got < 0 {
                if errno == EINTR { continue }
                throw CSVError(line: 0, column: 0, reason: "cannot read the file: \(errorText(errno))")
            }
            if got == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
        }
    }

    /// The C library's words for an `errno` value ("No such file or directory").
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
