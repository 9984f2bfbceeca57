import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

/// v1 refuses a memory limit above memsw and a memsw below the limit at every write, so an
/// update that moves both orders them by direction, as runc does.
@Suite struct CgroupV1UpdateOrderTests {
    static let memory = "/sys/fs/cgroup/memory/cbench/oci-1"

    /// The memory and memsw writes `update` made to a cgroup created with 32 MiB of each.
    static func memoryWrites(after resources: CgroupResources) throws -> [String] {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1, swapAccounting: true)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(memoryLimit: 32 << 20, memorySwapLimit: 32 << 20), host: host)
        let before = fs.operations.count
        try cgroup.update(resources)
        return fs.operations.dropFirst(before).compactMap { operation in
            guard case .write(let path, let value) = operation, path.hasPrefix(memory) else { return nil }
            return "\(path.dropFirst(memory.count + 1))=\(value)"
        }
    }

    @Test func raisingBothWritesMemswFirst() throws {
        #expect(try Self.memoryWrites(after: CgroupResources(memoryLimit: 128 << 20, memorySwapLimit: 256 << 20))
            == ["memory.memsw.limit_in_bytes=268435456", "memory.limit_in_bytes=134217728"])
        #expect(try Self.memoryWrites(after: CgroupResources(memoryLimit: -1, memorySwapLimit: -1))
            == ["memory.memsw.limit_in_bytes=-1", "memory.limit_in_bytes=-1"])
    }

    @Test func loweringBothWritesTheLimitFirst() throws {
        #expect(try Self.memoryWrites(after: CgroupResources(memoryLimit: 16 << 20, memorySwapLimit: 16 << 20))
            == ["memory.limit_in_bytes=16777216", "memory.memsw.limit_in_bytes=16777216"])
    }

    @Test func withoutASwapAccountTheOrderStays() {
        let writes = CgroupV1.writes(for: CgroupResources(memoryLimit: 128 << 20, memorySwapLimit: 256 << 20))
        #expect(CgroupV1.updateOrder(writes, memorySwapNow: nil) == writes)
        #expect(CgroupV1.updateOrder(writes, memorySwapNow: 512 << 20) == writes)
    }
}
