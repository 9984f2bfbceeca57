extension CgroupV1 {
    static func deviceWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        resources.devices.map { rule in
            CgroupFileWrite(file: rule.allow ? "devices.allow" : "devices.deny", value: rule.v1Line, feature: .devices)
        }
    }
}
