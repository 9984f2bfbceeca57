#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// Changes the limits of a live cgroup (OCI `update`): only what `resources` sets is
    /// written, device rules excepted (they stay as created). A limit the host cannot take is
    /// an error naming the file and value; a control the host lacks is an error naming it.
    /// cpus or mems for a container in the shared cpuset group give it a cpuset cgroup of its
    /// own first, its processes moved in.
    public func update(_ resources: CgroupResources) throws(CoreError) {
        try withOwnCpuset(for: resources).applyUpdate(resources)
    }

    private func applyUpdate(_ resources: CgroupResources) throws(CoreError) {
        var changes = resources
        changes.devices = []
        let writes: [CgroupFileWrite] = host.mode == .v2 ? try CgroupV2.writes(for: changes)
            : CgroupV1.updateOrder(CgroupV1.writes(for: changes), memorySwapNow: memorySwapLimitNow())
        // A missing memsw stays a tolerated gap, as at create (and in runc).
        let unsupported = try apply(writes).filter { $0 != .memorySwap }
        if let first = unsupported.first {
            throw CoreError(stage: "cgroup update \(path)", errno: ENOENT, detail: "this host's cgroup lacks the control file for \(first.rawValue)")
        }
    }

    /// v1 memsw as it is now, which decides the order of an update's memory writes; nil
    /// without swap accounting.
    private func memorySwapLimitNow() -> Int64? {
        guard let directory = directory(for: "memory"),
              let text = try? fs.read(directory.file("memory.memsw.limit_in_bytes")) else { return nil }
        return Int64(text.trimmingWhitespace())
    }
}
