import Foundation
import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

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
