#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A resolved `-u` / image User: `name`, `uid`, `name:group`, `uid:gid` (and mixes), names
/// looked up in the container's own /etc/passwd and /etc/group, as Docker does. A bare user
/// takes the primary group of its passwd entry (gid 0 for an unknown uid) and the
/// supplementary groups listing it by name.
public struct AppUser: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public var additionalGids: [UInt32]
    /// From passwd; `/` when the user has no entry (as Docker).
    public var home: String

    public init(uid: UInt32, gid: UInt32, additionalGids: [UInt32] = [], home: String = "/") {
        self.uid = uid
        self.gid = gid
        self.additionalGids = additionalGids
        self.home = home
    }

    /// `readFile` returns a container file's text (e.g. "/etc/passwd"), nil when missing.
    public static func resolve(_ text: String, readFile: (String) -> String?) throws(CoreError) -> AppUser {
        let passwd = PasswdEntry.parse(readFile("/etc/passwd") ?? "")
        let groups = GroupEntry.parse(readFile("/etc/group") ?? "")
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let userPart = parts.first ?? ""
        var uid: UInt32 = 0
        var entry: PasswdEntry?
        if userPart.isEmpty {
            entry = passwd.first { $0.uid == 0 }
        } else if let number = UInt32(userPart) {
            uid = number
            entry = passwd.first { $0.uid == number }
        } else {
            guard let found = passwd.first(where: { $0.name == userPart }) else {
                throw CoreError(stage: "user \(text)", errno: ENOENT,
                                detail: "no user '\(userPart)' in the container's /etc/passwd; give a uid instead (-u 1000)")
            }
            entry = found
            uid = found.uid
        }
        var gid = entry?.gid ?? 0
        var additional: [UInt32] = []
        if parts.count == 2 {
            let groupPart = parts[1]
            if let number = UInt32(groupPart) {
                gid = number
            } else if let group = groups.first(where: { $0.name == groupPart }) {
                gid = group.gid
            } else {
                throw CoreError(stage: "user \(text)", errno: ENOENT,
                                detail: "no group '\(groupPart)' in the container's /etc/group; give a gid instead (-u 1000:1000)")
            }
        } else if let name = entry?.name {
            additional = groups.filter { $0.members.contains(name) && $0.gid != gid }.map(\.gid)
        }
        return AppUser(uid: uid, gid: gid, additionalGids: additional, home: entry?.home ?? (uid == 0 ? "/root" : "/"))
    }
}

struct PasswdEntry: Equatable {
    var name: String
    var uid: UInt32
    var gid: UInt32
    var home: String

    static func parse(_ text: String) -> [PasswdEntry] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 6, let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else { return nil }
            return PasswdEntry(name: fields[0], uid: uid, gid: gid, home: fields[5].isEmpty ? "/" : fields[5])
        }
    }
}

struct GroupEntry: Equatable {
    var name: String
    var gid: UInt32
    var members: [String]

    static func parse(_ text: String) -> [GroupEntry] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, let gid = UInt32(fields[2]) else { return nil }
            let members = fields.count > 3 ? fields[3].split(separator: ",").map(String.init) : []
            return GroupEntry(name: fields[0], gid: gid, members: members)
        }
    }
}
