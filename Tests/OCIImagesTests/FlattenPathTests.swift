import Foundation
import Testing
@testable import OCIImages

/// What a new named volume gets from the image: one directory of a stack of overlay-form
/// layers, merged, with what a layer hides left out.
@Suite struct FlattenPathTests {
    static func file(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test func mergesTheDirectoryOfEveryLayerAndTakesTheTopModes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (lower, upper, other) = (scratch.path + "/l1", scratch.path + "/l2", scratch.path + "/l3")
        try Self.file(lower + "/var/lib/db/a", "a")
        try Self.file(lower + "/var/lib/elsewhere", "not copied")
        try Self.file(upper + "/var/lib/db/b", "b")
        try FileManager.default.createDirectory(atPath: other + "/etc", withIntermediateDirectories: true)
        chmod(upper + "/var/lib/db", 0o750)
        let volume = scratch.path + "/volume"
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        try ImageStore.unpackFlattened(path: "/var/lib/db", of: [lower, upper, other], into: volume)
        #expect(Probe.names(volume) == ["a", "b"])
        #expect((Probe.stat(volume)?.st_mode ?? 0) & 0o7777 == 0o750)
    }

    @Test func aLayerWithAFileOnTheWayHidesWhatIsBelow() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (lower, middle, upper) = (scratch.path + "/l1", scratch.path + "/l2", scratch.path + "/l3")
        try Self.file(lower + "/var/lib/db/old", "old")
        try Self.file(middle + "/var/lib", "a file where the directory was")
        try Self.file(upper + "/var/lib/db/new", "new")
        let volume = scratch.path + "/volume"
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        try ImageStore.unpackFlattened(path: "/var/lib/db", of: [lower, middle, upper], into: volume)
        #expect(Probe.names(volume) == ["new"])
    }

    @Test func aPathWithDotDotIsRefused() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        #expect(throws: (any Error).self) { try ImageStore.unpackFlattened(path: "/var/../etc", of: [], into: scratch.path) }
    }
}
