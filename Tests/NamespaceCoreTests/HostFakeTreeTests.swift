import Foundation
import Testing
@testable import NamespaceCore

/// A throw-away directory standing for `/`, removed by `remove()` (call it in a `defer`).
struct HostFakeTree {
    let path: String
    var root: HostRoot { HostRoot(prefix: path) }

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/cbench-hosttest-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ hostPath: String, _ text: String) throws {
        let full = path + hostPath
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }

    func mkdir(_ hostPath: String) throws {
        try FileManager.default.createDirectory(atPath: path + hostPath, withIntermediateDirectories: true)
    }

    func exists(_ hostPath: String) -> Bool {
        FileManager.default.fileExists(atPath: path + hostPath)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

@Suite struct HostFakeTreeTests {
    @Test func readsListsAndTestsPathsBelowTheFakeRoot() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try tree.write("/proc/sys/kernel/pid_max", "32768\n")
        try tree.mkdir("/proc/self/ns")
        try tree.write("/proc/self/ns/mnt", "")
        try tree.write("/proc/self/ns/pid", "")

        #expect(tree.root.readValue("/proc/sys/kernel/pid_max") == "32768")
        #expect(tree.root.list("/proc/self/ns") == ["mnt", "pid"])
        #expect(tree.root.isDirectory("/proc/self/ns"))
        #expect(!tree.root.isDirectory("/proc/self/ns/mnt"))
        #expect(tree.root.read("/missing") == nil)
        #expect(tree.root.list("/missing") == nil)
        #expect(HostRoot(prefix: "/x/").resolve("/proc") == "/x/proc")
        #expect(HostRoot.system.resolve("/proc") == "/proc")
    }
}
