import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

@Suite struct HostMemoryInfoTests {
    static let sample = """
        MemTotal:       24598000 kB
        MemAvailable:   22000512 kB
        Slab:               2048 kB
        SUnreclaim:         1024 kB
        HugePages_Total:       4
        Hugepagesize:       2048 kB
        Broken line
        Empty:
        """

    @Test func kibibyteLinesAreBytesAndCountsStayCounts() {
        let info = HostMemoryInfo(text: Self.sample)
        #expect(info.memAvailable == 22_000_512 * 1024)
        #expect(info.slab == 2_097_152)
        #expect(info["SUnreclaim"] == 1_048_576)
        #expect(info["HugePages_Total"] == 4)
        #expect(info["Hugepagesize"] == 2_097_152)
    }

    @Test func linesWithoutANumberAreLeftOut() {
        let info = HostMemoryInfo(text: Self.sample)
        #expect(info["Broken"] == nil)
        #expect(info["Empty"] == nil)
        #expect(info.bytes.count == 6)
        #expect(HostMemoryInfo(text: "MemTotal: 100 kB\n").slab == nil)
    }

    @Test func readsTheGivenRootsProcMeminfo() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        try tree.write("/proc/meminfo", "MemAvailable: 3 kB\nSlab: 5 kB\n")
        let info = HostMemoryInfo.read(root: tree.root)
        #expect(info.memAvailable == 3072)
        #expect(info.slab == 5120)
        #expect(HostMemoryInfo.read(root: HostRoot(prefix: tree.path + "/missing")).bytes.isEmpty)
    }
}
