extension CgroupV1 {
    /// hugetlb.SIZE.limit_in_bytes per page size. A size the kernel lacks has no file: reported
    /// unsupported, for the caller to refuse by name.
    static func hugetlbWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        resources.hugepageLimits.map { entry in
            CgroupFileWrite(file: "hugetlb.\(entry.pageSize).limit_in_bytes", value: String(entry.limit),
                            feature: .hugetlb, skipIfMissing: true)
        }
    }
}
