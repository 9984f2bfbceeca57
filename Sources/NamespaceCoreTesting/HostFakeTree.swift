import Foundation
import NamespaceCore

/// A throw-away directory standing for `/`, removed by `remove()` (call it in a `defer`).
public struct HostFakeTree: Sendable {
    public let path: String
    public var root: HostRoot { HostRoot(prefix: path) }

    public init() throws {
        path = FileManager.default.temporaryDirectory.path + "/cbench-hosttest-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func write(_ hostPath: String, _ text: String) throws {
        let full = path + hostPath
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }

    public func mkdir(_ hostPath: String) throws {
        try FileManager.default.createDirectory(atPath: path + hostPath, withIntermediateDirectories: true)
    }

    public func exists(_ hostPath: String) -> Bool {
        FileManager.default.fileExists(atPath: path + hostPath)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
