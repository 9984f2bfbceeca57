import NamespaceCore

/// Conveniences for scenario judgements.
extension ProbeReport {
    /// The effective capability set as a bit mask (bit N = capability N); 0 when unknown.
    public var capEffective: UInt64 { Self.capabilityMask(capEff) }
    public var capPermitted: UInt64 { Self.capabilityMask(capPrm) }
    public var capBounding: UInt64 { Self.capabilityMask(capBnd) }
    public var capInheritable: UInt64 { Self.capabilityMask(capInh) }
    public var capAmbient: UInt64 { Self.capabilityMask(capAmb) }

    /// Whether capability `number` (CAP_SYS_ADMIN = 21 ...) is in the effective set.
    public func hasCapability(_ number: UInt32) -> Bool {
        number < 64 && capEffective & (1 << UInt64(number)) != 0
    }

    /// Parses /proc/self/status hex (`000001ffffffffff`); 0 for nil or garbage.
    public static func capabilityMask(_ hex: String?) -> UInt64 {
        guard let hex else { return 0 }
        return UInt64(hex, radix: 16) ?? 0
    }

    /// Mount points in mountinfo order (a path mounted over shows up twice).
    public var mountPoints: [String] { mounts?.map(\.mountPoint) ?? [] }

    /// The topmost mount at exactly `path`, the one a lookup reaches.
    public func mount(at path: String) -> Mount? {
        mounts?.last { $0.mountPoint == path }
    }

    public var interfaceNames: [String] { interfaces?.map(\.name) ?? [] }

    public func interface(named name: String) -> Interface? {
        interfaces?.first { $0.name == name }
    }

    public func attempt(named name: String) -> Attempt? { attempts?[name] }

    public func attempt(_ kind: ProbeAttemptKind) -> Attempt? { attempts?[kind.rawValue] }

    public func marker(_ path: String) -> Marker? { markers?.first { $0.path == path } }

    public var uidMappings: [IDMapping] { Self.mappings(uidMap) }
    public var gidMappings: [IDMapping] { Self.mappings(gidMap) }

    /// The memory limit in bytes, nil when unlimited (`max`) or unknown.
    public var memoryLimitBytes: UInt64? {
        guard let raw = limits?.memoryMax else { return nil }
        return UInt64(raw)
    }

    public var pidsLimit: UInt64? {
        guard let raw = limits?.pidsMax else { return nil }
        return UInt64(raw)
    }

    private static func mappings(_ triples: [[UInt32]]?) -> [IDMapping] {
        (triples ?? []).compactMap { triple in
            guard triple.count == 3 else { return nil }
            return IDMapping(containerID: triple[0], hostID: triple[1], size: triple[2])
        }
    }
}

extension ProbeReport.Mount {
    /// Per-mount options as a list: `["rw", "nosuid", "relatime"]`.
    public var optionList: [String] { options.split(separator: ",").map(String.init) }
    public var isReadOnly: Bool { optionList.contains("ro") }
}
