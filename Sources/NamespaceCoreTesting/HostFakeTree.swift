import Foundation
import NamespaceCore

/// A throw-away directory standing for `/`, removed by `remove()` (call it in a `defer`).
public struct HostFakeTree: Sendable {
    public let path: String
    public var root: HostRoot { HostRoot(prefix: path) }

    public init() throws {
        path = FileManager.default.temporaryDirectory.path + "/cbench-hosttest-" + UUID().uuidString
        try FileIO.makeDirectories(path, mode: 0o755)
    }

    public func write(_ hostPath: String, _ text: String) throws {
        let full = path + hostPath
        try FileIO.makeDirectories((full as NSString).deletingLastPathComponent, mode: 0o755)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }

    public func mkdir(_ hostPath: String) throws {
        try FileIO.makeDirectories(path + hostPath, mode: 0o755)
    }

    public func exists(_ hostPath: String) -> Bool {
        FileManager.default.fileExists(atPath: path + hostPath)
    }

    public func remove() {
        try? FileIO.removeTree(path)
    }
}
