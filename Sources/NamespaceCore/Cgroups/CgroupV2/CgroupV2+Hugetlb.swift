extension CgroupV2 {
    /// hugetlb.SIZE.max per page size (the controller is enabled in the ancestors like any other).
    static func hugetlbWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        resources.hugepageLimits.map { entry in
            CgroupFileWrite(file: "hugetlb.\(entry.pageSize).max", value: String(entry.limit),
                            feature: .hugetlb, skipIfMissing: true)
        }
    }
}
