extension CgroupV1 {
    /// blkio.weight exists with the CFQ scheduler only; BFQ offers blkio.bfq.weight instead,
    /// which is where runc writes it too. Neither: reported unsupported, for the caller to refuse.
    static func blkioWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        guard let weight = resources.blkioWeight else { return [] }
        let text = String(weight)
        return [CgroupFileWrite(file: "blkio.weight", value: text, feature: .blkioWeight, skipIfMissing: true,
                                fallback: .init(file: "blkio.bfq.weight", value: text))]
    }
}
