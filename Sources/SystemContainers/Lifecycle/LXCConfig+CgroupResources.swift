import NamespaceCore

extension LXCConfig {
    /// The settings for a host in `mode` as the core's resources: as LXC does, `lxc.cgroup.*`
    /// apply to v1 and hybrid hosts and `lxc.cgroup2.*` to v2 hosts; the others are skipped
    /// (configs list both, like the busybox template's devices). Without any device rule the
    /// container gets LXC's devices allowlist.
    public func cgroupResources(for mode: CgroupMode) throws(CoreError) -> CgroupResources {
        var resources = CgroupResources()
        var devices: [CgroupDeviceRule] = []
        let version: LXCCgroupSetting.Version = mode == .v2 ? .v2 : .v1
        for setting in cgroupSettings where setting.version == version {
            let value = setting.value
            switch setting.key {
            case "memory.limit_in_bytes", "memory.max":
                resources.memoryLimit = try Self.bytes(value, setting)
            case "memory.soft_limit_in_bytes", "memory.low":
                resources.memoryReservation = try Self.bytes(value, setting)
            case "memory.memsw.limit_in_bytes":
                resources.memorySwapLimit = try Self.bytes(value, setting)
            case "pids.max":
                resources.pidsLimit = value == "max" ? -1 : try Self.number(value, setting)
            case "cpu.shares":
                resources.cpuShares = UInt64(try Self.number(value, setting))
            case "cpu.cfs_quota_us":
                resources.cpuQuota = try Self.number(value, setting)
            case "cpu.cfs_period_us":
                resources.cpuPeriod = UInt64(try Self.number(value, setting))
            case "cpu.max":
                let words = value.words
                guard let quota = words.first else { throw Self.malformed(setting, "expected 'QUOTA|max [PERIOD]'") }
                resources.cpuQuota = quota == "max" ? -1 : try Self.number(quota, setting)
                if words.count > 1 { resources.cpuPeriod = UInt64(try Self.number(words[1], setting)) }
            case "cpuset.cpus": resources.cpusetCpus = value
            case "cpuset.mems": resources.cpusetMems = value
            case "devices.allow", "devices.deny":
                devices.append(try Self.deviceRule(value, allow: setting.key == "devices.allow", setting))
            default:
                throw Self.malformed(setting, "\(setting.version.rawValue).\(setting.key) is not supported (memory, pids, cpu, cpuset and devices files are)")
            }
        }
        resources.devices = devices.isEmpty
            ? [CgroupDeviceRule(allow: false)] + CgroupDeviceRule.standardContainerDevices
                + [CgroupDeviceRule(allow: true, kind: .char, major: 10, minor: 229)]  // fuse, as LXC allows
            : devices
        return resources
    }

    static func malformed(_ setting: LXCCgroupSetting, _ detail: String) -> CoreError {
        CoreError(stage: "lxc config \(setting.entry.file):\(setting.entry.line)", detail: detail)
    }

    static func number(_ text: String, _ setting: LXCCgroupSetting) throws(CoreError) -> Int64 {
        guard let value = Int64(text) else { throw malformed(setting, "\(setting.entry.key): expected a number, got '\(text)'") }
        return value
    }

    /// Bytes with an optional K, M or G suffix (as the kernel's memory files take them); `max` or -1 is unlimited.
    static func bytes(_ text: String, _ setting: LXCCgroupSetting) throws(CoreError) -> Int64 {
        if text == "max" || text == "-1" { return -1 }
        let multipliers: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = Substring(text)
        var multiplier: Int64 = 1
        if let last = digits.last?.uppercased().first, let factor = multipliers[last] {
            multiplier = factor
            digits = digits.dropLast()
        }
        guard let value = Int64(digits), value >= 0 else {
            throw malformed(setting, "\(setting.entry.key): expected bytes such as 256M, got '\(text)'")
        }
        return value * multiplier
    }

    /// `a`, `c 1:3 rwm`, `b *:* m`.
    static func deviceRule(_ text: String, allow: Bool, _ setting: LXCCgroupSetting) throws(CoreError) -> CgroupDeviceRule {
        let words = text.words
        guard let kindText = words.first, let kind = CgroupDeviceRule.Kind(rawValue: kindText) else {
            throw malformed(setting, "\(setting.entry.key): expected 'a' or 'c|b MAJOR:MINOR ACCESS', got '\(text)'")
        }
        if kind == .all { return CgroupDeviceRule(allow: allow) }
        guard words.count == 3 else {
            throw malformed(setting, "\(setting.entry.key): expected 'c|b MAJOR:MINOR ACCESS', got '\(text)'")
        }
        let numbers = words[1].split(separator: ":", omittingEmptySubsequences: false)
        guard numbers.count == 2, words[2].allSatisfy({ "rwm".contains($0) }) else {
            throw malformed(setting, "\(setting.entry.key): expected 'c|b MAJOR:MINOR ACCESS', got '\(text)'")
        }
        func part(_ text: Substring) throws(CoreError) -> Int64? {
            if text == "*" { return nil }
            guard let value = Int64(text) else { throw malformed(setting, "\(setting.entry.key): bad device number '\(text)'") }
            return value
        }
        return CgroupDeviceRule(allow: allow, kind: kind, major: try part(numbers[0]), minor: try part(numbers[1]), access: words[2])
    }
}
