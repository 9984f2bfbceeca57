extension CgroupV2 {
    static func pidsWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        guard let limit = resources.pidsLimit else { return [] }
        return [CgroupFileWrite(file: "pids.max", value: limit > 0 ? String(limit) : "max", feature: .pids)]
    }
}
