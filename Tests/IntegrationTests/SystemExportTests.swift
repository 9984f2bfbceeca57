import CShim
import Foundation
import Testing
import NamespaceCore

/// `export` and `import`: a container's root with owners, modes, xattrs, device nodes and hard
/// links survives the round trip; a running container and a malformed file are refused.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemExportTests {
    /// dev_t of 1:3 (makedev is a C macro Swift does not import; small numbers encode as major << 8 | minor).
    static let nullDevice = dev_t(1 << 8 | 3)

    @Test func exportThenImportKeepsTheRootAndBoots() throws {
        let h = try SystemTestHarness("export")
        defer { h.tearDown() }
        let source = h.name("exsrc"), copy = h.name("excopy")
        try #require(try h.system(["create", source, "--template", "busybox"]).status == 0)
        let root = "\(h.store)/\(source)/rootfs"
        try "data\n".write(toFile: root + "/marked", atomically: false, encoding: .utf8)
        #expect(chown(root + "/marked", 1234, 567) == 0)
        #expect(chmod(root + "/marked", 0o4711) == 0)
        #expect(link(root + "/marked", root + "/marked-link") == 0)
        #expect(setxattr(root + "/marked", "trusted.cbench-test", "yes", 3, 0) == 0)
        #expect(mknod(root + "/dev/testnull", S_IFCHR | 0o640, Self.nullDevice) == 0)

        let running = try h.system(["start", source])
        #expect(running.status == 0)
        let refused = try h.system(["export", source, "\(h.store)/.running.tar.gz"])
        #expect(refused.status != 0 && refused.stderr.contains("is running"), "\(refused.stderr)")
        _ = try h.stop(source)

        let file = "\(h.store)/.export.tar.gz"
        let export = try h.system(["export", source, file])
        try #require(export.status == 0, "\(export.stderr)")
        let imported = try h.system(["import", file, copy])
        try #require(imported.status == 0, "\(imported.stderr)")
        let copied = "\(h.store)/\(copy)/rootfs"
        var marked = stat(), linked = stat(), node = stat()
        #expect(lstat(copied + "/marked", &marked) == 0 && lstat(copied + "/marked-link", &linked) == 0)
        #expect(marked.st_uid == 1234 && marked.st_gid == 567)
        #expect(marked.st_mode & 0o7777 == 0o4711)
        #expect(marked.st_ino == linked.st_ino, "a hard link stays one")
        var value = [UInt8](repeating: 0, count: 8)
        #expect(getxattr(copied + "/marked", "trusted.cbench-test", &value, value.count) == 3)
        #expect(lstat(copied + "/dev/testnull", &node) == 0 && node.st_mode & S_IFMT == S_IFCHR && node.st_rdev == Self.nullDevice)
        let config = try String(contentsOfFile: "\(h.store)/\(copy)/config", encoding: .utf8)
        #expect(config.contains("lxc.uts.name = \(copy)\n") && config.contains("lxc.rootfs.path = dir:\(copied)\n"))

        try h.startBooted(copy)
        #expect(try h.attach(copy, ["cat", "/marked-link"]) == "data\n")
        #expect(try h.attach(copy, ["hostname"]) == "\(copy)\n")
        _ = try h.stop(copy)
    }

    @Test func malformedFilesAreOneLineErrorsLeavingNothing() throws {
        let h = try SystemTestHarness("import")
        defer { h.tearDown() }
        let source = h.name("bad")
        try #require(try h.system(["create", source, "--template", "busybox"]).status == 0)
        let good = "\(h.store)/.good.tar.gz"
        try #require(try h.system(["export", source, good]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let truncated = "\(h.store)/.truncated.tar.gz"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let junk = "\(h.store)/.junk"
        try "not an archive\n".write(toFile: junk, atomically: false, encoding: .utf8)
        for (file, name) in [(truncated, h.name("trunc")), (junk, h.name("junk")), ("\(h.store)/.missing", h.name("miss"))] {
            let outcome = try h.system(["import", file, name])
            #expect(outcome.status != 0, "\(file)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
            #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
        }
        let taken = try h.system(["import", good, source])
        #expect(taken.status != 0 && taken.stderr.contains("already exists"), "\(taken.stderr)")
    }
}
