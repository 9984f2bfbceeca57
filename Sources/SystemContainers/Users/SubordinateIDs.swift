#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Root's subordinate id ranges from /etc/subuid and /etc/subgid, where new system containers map
/// their ids, as LXD and Incus do: container root is then an unprivileged host uid (100000 with
/// the `root:100000:65536` that Scripts/setup adds).
public struct SubordinateIDs: Sendable, Equatable {
    public var uids: IDMapping
    public var gids: IDMapping

    public init(uids: IDMapping, gids: IDMapping) {
        self.uids = uids
        self.gids = gids
    }

    /// Root's first range in each file; a missing one is an error that names the fix.
    public static func ofRoot(read: (String) -> String? = { path in
        (try? FileIO.read(path)).map { String(decoding: $0, as: UTF8.self) }
    }) throws(CoreError) -> SubordinateIDs {
        var found: [IDMapping] = []
        for file in ["/etc/subuid", "/etc/subgid"] {
            guard let range = read(file).flatMap({ firstRange(of: ["root", "0"], in: $0) }) else {
                throw CoreError(stage: "unprivileged container", errno: ENOENT,
                                detail: "no subordinate ids for root in \(file): run make setup (adds root:100000:65536), or create with --privileged")
            }
            found.append(IDMapping(containerID: 0, hostID: range.start, size: range.count))
        }
        return SubordinateIDs(uids: found[0], gids: found[1])
    }

    /// The first `NAME:START:COUNT` line whose name is one of `names`.
    static func firstRange(of names: [String], in text: String) -> (start: UInt32, count: UInt32)? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 3, names.contains(String(fields[0])),
                  let start = UInt32(fields[1]), let count = UInt32(fields[2]), count > 0 else { continue }
            return (start, count)
        }
        return nil
    }

    /// The `lxc.idmap` lines of a new container, after the template's and before the user's
    /// extra config (whose `lxc.idmap =` clears them: a privileged container, asked for).
    public var configLines: String {
        """
        # Unprivileged, as LXD and Incus make containers: container ids map to root's subordinate
        # ranges, so root inside is host uid \(uids.hostID). `--privileged` leaves these lines out.
        lxc.idmap = u 0 \(uids.hostID) \(uids.size)
        lxc.idmap = g 0 \(gids.hostID) \(gids.size)

        """
    }

    /// What a privileged container's config says instead.
    public static let privilegedConfigLines = """
        # Privileged (--privileged): no lxc.idmap, root inside is root on the host.

        """
}
