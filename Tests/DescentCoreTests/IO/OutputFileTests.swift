import DescentCore
import Foundation
import Testing

/// Output files never destroy what is at the path: atomic replacement of regular files, links kept
/// as links, devices and FIFOs written in place, directories refused.
@Suite("Output files")
struct OutputFileTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test("a new file, then a replacement that keeps the permission bits and leaves no temporary file")
    func regularFiles() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/a.txt"
        try OutputFile.write("one\n", to: path)
        #expect(try contents(path) == "one\n")
        chmod(path, 0o640)
        try OutputFile.write("two\n", to: path)
        #expect(try contents(path) == "two\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["a.txt"], "no temporary file left")
    }

    @Test("an unfinished write leaves the old content in place")
    func unfinishedWrite() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/keep.txt"
        try OutputFile.write("precious\n", to: path)
        do {
            let file = try OutputFile(path: path)
            try file.write(String(repeating: "x", count: 200_000))   // more than the buffer: bytes reach the disk
            // never closed: the run failed
        }
        #expect(try contents(path) == "precious\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["keep.txt"])
    }

    @Test("a symbolic link stays a link and its target is written, also when the target does not exist yet")
    func symbolicLinks() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/target.svg", link = directory + "/link.svg"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.svg")   // relative, dangling
        try OutputFile.write("<svg/>", to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.svg")
        #expect(try contents(target) == "<svg/>")
        try OutputFile.write("<svg>2</svg>", to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.svg")
        #expect(try contents(target) == "<svg>2</svg>")
    }

    @Test("devices and FIFOs are written in place, never replaced")
    func devicesAndFIFOs() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try OutputFile.write("discarded\n", to: "/dev/null")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")
        let fifo = directory + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader must read to the end of the stream: a reader that closes early would make the
        // write raise SIGPIPE. (String(contentsOfFile:) sees a size of 0 for a FIFO and stops at once.)
        let received = ReceivedText()
        let reader = Thread {
            let handle = FileHandle(forReadingAtPath: fifo)
            received.set(String(decoding: handle?.readDataToEndOfFile() ?? Data(), as: UTF8.self))
        }
        reader.start()
        try OutputFile.write("through the pipe\n", to: fifo)
        while !received.isSet { usleep(1000) }
        #expect(received.text == "through the pipe\n")
        #expect(lstat(fifo, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO, "the FIFO is still a FIFO")
    }

    @Test("directories and missing folders are refused in one line")
    func refusals() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: OutputFileError(path: directory, reason: "is a directory")) { try OutputFile.write("x", to: directory) }
        let missing = directory + "/no/such/place.svg"
        #expect(throws: OutputFileError(path: missing, reason: "the directory \(directory)/no/such does not exist")) {
            try OutputFile.write("x", to: missing)
        }
    }
}

/// Text handed from the reader thread to the test.
final class ReceivedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    func set(_ text: String) { lock.lock(); value = text; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value != nil }
    var text: String? { lock.lock(); defer { lock.unlock() }; return value }
}
