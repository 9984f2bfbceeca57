import Foundation
import Testing
@testable import NamespaceCore

/// Disk usage as `du` counts it, each file once however many paths reach it.
@Suite struct DiskUsageTests {
    @Test func aFileReachedTwiceCountsOnce() throws {
        let directory = "/tmp/diskusage-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/b", withIntermediateDirectories: true)
        try Data(repeating: 7, count: 1 << 20).write(to: URL(fileURLWithPath: directory + "/a/blob"))
        #expect(link(directory + "/a/blob", directory + "/b/same") == 0)
        let one = FileIO.diskUsage(of: [directory + "/a"])
        #expect(one >= 1 << 20)
        let both = FileIO.diskUsage(of: [directory + "/a", directory + "/b", directory + "/a"])
        #expect(both - one < 64 * 1024, "the hard link and the repeated path add only directory blocks")
        #expect(FileIO.diskUsage(of: [directory + "/missing"]) == 0)
    }
}
