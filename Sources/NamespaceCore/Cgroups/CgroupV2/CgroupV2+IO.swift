extension CgroupV2 {
    /// io.weight takes 1-10000 where blkio took 10-1000: scaled linearly, as runc and crun do.
    /// io.bfq.weight (BFQ) keeps blkio's scale.
    static func ioWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        guard let weight = resources.blkioWeight else { return [] }
        return [CgroupFileWrite(file: "io.weight", value: "default \(ioWeight(fromBlkio: weight))", feature: .blkioWeight,
                                skipIfMissing: true, fallback: .init(file: "io.bfq.weight", value: String(weight)))]
    }

    static func ioWeight(fromBlkio weight: UInt16) -> UInt64 {
        let clamped = UInt64(min(max(weight, 10), 1000))
        return 1 + (clamped - 10) * 9_999 / 990
    }
}
