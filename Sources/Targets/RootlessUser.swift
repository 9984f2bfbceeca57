import Foundation
import Glibc
import NamespaceCore

/// The dedicated non-root user that rootless starts run as: a system user `Scripts/setup`
/// makes (idempotently) with subordinate ids of its own. Commands run as it through
/// `setpriv` with a clean environment whose home and runtime directory are in the step's own
/// directory, which the user owns.
public struct RootlessUser: Sendable, Equatable {
    public static let defaultName = "cbench-rootless"

    public var name: String
    public var uid: uid_t
    public var gid: gid_t
    /// Its subordinate id range from /etc/subuid (first, count); nil when it has none.
    public var subordinateUIDs: (first: UInt32, count: UInt32)?

    public static func == (lhs: RootlessUser, rhs: RootlessUser) -> Bool {
        lhs.name == rhs.name && lhs.uid == rhs.uid && lhs.gid == rhs.gid
            && lhs.subordinateUIDs?.first == rhs.subordinateUIDs?.first && lhs.subordinateUIDs?.count == rhs.subordinateUIDs?.count
    }

    public init(name: String, uid: uid_t, gid: gid_t, subordinateUIDs: (first: UInt32, count: UInt32)?) {
        self.name = name
        self.uid = uid
        self.gid = gid
        self.subordinateUIDs = subordinateUIDs
    }

    /// The user from the password database and /etc/subuid; an error naming the fix when it
    /// is missing.
    public static func find(_ name: String = defaultName, subuid: String = FileIO.contents("/etc/subuid")) throws -> RootlessUser {
        guard let entry = getpwnam(name) else {
            throw CoreError(stage: "rootless user \(name)", errno: ENOENT, detail: "no such user; `make setup` (Scripts/setup) makes it")
        }
        let range = subuid.split(separator: "\n").lazy.compactMap { line -> (UInt32, UInt32)? in
            let fields = line.split(separator: ":")
            guard fields.count == 3, fields[0] == name, let first = UInt32(fields[1]), let count = UInt32(fields[2]) else { return nil }
            return (first, count)
        }.first
        return RootlessUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, subordinateUIDs: range.map { (first: $0.0, count: $0.1) })
    }

    /// The environment of a rootless command whose home and runtime directory are in `directory`.
    public func environment(in directory: String) -> [String: String] {
        ["HOME": "\(directory)/home", "XDG_RUNTIME_DIR": "\(directory)/xdg", "USER": name, "LOGNAME": name,
         "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    }

    /// `directory` with a home and a runtime directory in it, all owned by the user (mode 0700).
    public func makeDirectory(_ directory: String) throws {
        for path in [directory, "\(directory)/home", "\(directory)/xdg"] {
            try FileIO.makeDirectories(path, mode: 0o700)
            guard chown(path, uid, gid) == 0 else { throw CoreError.fromErrno("chown \(path) to \(name)") }
        }
    }

    /// A copy of the tree `source` at `destination`, owned by the user (`cp -a`, `chown -R`).
    public func copy(_ source: String, to destination: String) throws {
        try Self.checked(["cp", "-a", source, destination])
        try Self.checked(["chown", "-R", "\(uid):\(gid)", destination])
    }

    /// The tree `path` owned by `id` (uid and gid): a root for a container whose root is the
    /// user's subordinate id `id`, as a root unpacked in the user's namespace is owned.
    public static func shift(_ path: String, to id: UInt32) throws {
        try checked(["chown", "-R", "\(id):\(id)", path])
    }

    /// `arguments` run, their command line as the stage of a failure (`RealTargetSupport.checked`).
    static func checked(_ arguments: [String]) throws {
        _ = try RealTargetSupport.checked(arguments, stage: arguments.joined(separator: " "))
    }

    /// The tree `rootfs` as a tarball at `path` whose files are root's (an engine imports it as
    /// an image), the tarball itself owned by the user.
    public func tarball(of rootfs: String, at path: String) throws {
        try RealTargetSupport.checked(["tar", "--numeric-owner", "--owner=0", "--group=0", "-C", rootfs, "-cf", path, "."], stage: "tar of \(rootfs)")
        guard chown(path, uid, gid) == 0 else { throw CoreError.fromErrno("chown \(path)") }
    }

    /// `arguments` run as the user: `setpriv` drops to its uid, gid and no supplementary
    /// groups, with a clean environment rooted in `directory`.
    public func command(_ arguments: [String], in directory: String) -> [String] {
        var line = ["setpriv", "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "--reset-env", "--", "env"]
        line += environment(in: directory).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return line + arguments
    }

    /// Runs `arguments` as the user in `directory`: the step as the evidence shows it.
    public func run(_ arguments: [String], in directory: String) throws -> RootlessStep {
        let outcome = try Spawn(command(arguments, in: directory), directory: directory).run()
        return RootlessStep(command: arguments.joined(separator: " "), status: outcome.status,
                            output: (outcome.stdout + outcome.stderr).trimmingWhitespace())
    }
}

/// One command a rootless start ran as the user, and what it printed.
public struct RootlessStep: Sendable, Equatable {
    public var command: String
    public var status: Int32
    public var output: String

    public init(command: String, status: Int32, output: String) {
        self.command = command
        self.status = status
        self.output = output
    }

    public var line: String { "$ \(command)\n\(output.isEmpty ? "(no output)" : String(output.suffix(1200)))\n(exit \(status))" }
}
