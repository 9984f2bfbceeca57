extension Leftovers {
    /// A directory of /var/lib/cbench holding this file is scratch state that lives only as long
    /// as what made it (e.g. the lab hosts' private stores): `cbench cleanup` removes it whole.
    /// The caches (busybox root, CRIU tree) carry no marker and stay.
    public static let ephemeralMarker = ".cbench-ephemeral"

    static func ephemeralStores(root: HostRoot) -> [Leftover] {
        (root.list(cacheRoot) ?? []).sorted().compactMap { name in
            let directory = hostJoin(cacheRoot, name)
            guard root.exists(hostJoin(directory, ephemeralMarker)) else { return nil }
            return Leftover(kind: .temporaryPath, target: directory, evidence: "ephemeral store (\(ephemeralMarker))")
        }
    }
}
