import NamespaceCore

extension LXCConfig {
    /// `lxc.idmap` lines as the launcher's uid and gid mappings; empty for a privileged container.
    public var uidMappings: [IDMapping] { mappings(.uid) }
    public var gidMappings: [IDMapping] { mappings(.gid) }

    /// Unprivileged: container ids are mapped to host ids.
    public var isUnprivileged: Bool { !idmaps.isEmpty }

    /// Where container root lands on the host (the shift of the root file system's owners);
    /// 0/0 for a privileged container.
    public var rootOwner: SystemRootOwner {
        SystemRootOwner(uid: Self.hostID(ofRoot: uidMappings), gid: Self.hostID(ofRoot: gidMappings))
    }

    /// Both kinds are needed, and each must map container root (the init runs as it).
    func checkIDMaps() throws(CoreError) {
        guard isUnprivileged else { return }
        for (kind, list) in [("u", uidMappings), ("g", gidMappings)] {
            guard !list.isEmpty else {
                throw CoreError(stage: "lxc.idmap", detail: "a '\(kind)' line is missing: an unprivileged container needs both, e.g. lxc.idmap = \(kind) 0 100000 65536")
            }
            guard list.contains(where: { $0.containerID == 0 }) else {
                throw CoreError(stage: "lxc.idmap", detail: "no '\(kind)' line maps container id 0 (the init runs as root inside)")
            }
            let sorted = list.sorted { $0.containerID < $1.containerID }
            for (lower, upper) in zip(sorted, sorted.dropFirst())
            where UInt64(lower.containerID) + UInt64(lower.size) > UInt64(upper.containerID) {
                throw CoreError(stage: "lxc.idmap", detail: "'\(kind)' lines overlap at container id \(upper.containerID): a new container maps root's subordinate ids already; drop your lines, or clear the template's first with an empty `lxc.idmap =`")
            }
        }
    }

    private func mappings(_ kind: LXCIDMap.Kind) -> [IDMapping] {
        idmaps.filter { $0.kind == kind }.map { IDMapping(containerID: $0.containerID, hostID: $0.hostID, size: $0.count) }
    }

    static func hostID(ofRoot mappings: [IDMapping]) -> UInt32 {
        mappings.first { $0.containerID == 0 }?.hostID ?? 0
    }
}

/// The host uid and gid that own what container root owns.
public struct SystemRootOwner: Codable, Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public init(uid: UInt32, gid: UInt32) {
        self.uid = uid
        self.gid = gid
    }
    public static let hostRoot = SystemRootOwner(uid: 0, gid: 0)
}
