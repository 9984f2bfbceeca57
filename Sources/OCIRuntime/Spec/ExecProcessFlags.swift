import Glibc
import NamespaceCore

/// `exec ID COMMAND...` without `--process`: the container's own process from its config,
/// with runc's flags laid over it (args, `--cwd`, `--env` appended, `--user uid[:gid]`,
/// `--additional-gids`, `--cap` added, `--no-new-privs`, `--tty`).
public struct ExecProcessFlags: Sendable, Equatable {
    public var args: [String]
    public var cwd: String?
    public var env: [String] = []
    public var tty = false
    public var user: String?
    public var additionalGids: [UInt32] = []
    public var capabilities: [String] = []
    public var noNewPrivileges = false

    public init(args: [String]) {
        self.args = args
    }

    public func process(over base: RuntimeSpec.Process?) throws(CoreError) -> RuntimeSpec.Process {
        guard !args.isEmpty else {
            throw CoreError(stage: "exec", errno: EINVAL, detail: "no command given; write `exec ID COMMAND [ARG...]` or use --process FILE")
        }
        var process = base ?? RuntimeSpec.Process(args: args)
        process.args = args
        process.terminal = tty
        if let cwd { process.cwd = cwd }
        process.env = (process.env ?? []) + env
        if let user { process.user = try Self.user(user, keeping: process.user) }
        if !additionalGids.isEmpty { process.user.additionalGids = (process.user.additionalGids ?? []) + additionalGids }
        if !capabilities.isEmpty {
            var sets = process.capabilities ?? RuntimeSpec.Capabilities()
            sets.bounding = (sets.bounding ?? []) + capabilities
            sets.effective = (sets.effective ?? []) + capabilities
            sets.permitted = (sets.permitted ?? []) + capabilities
            process.capabilities = sets
        }
        if noNewPrivileges { process.noNewPrivileges = true }
        return process
    }

    /// `uid` or `uid:gid`, numbers only (runc resolves no names either).
    static func user(_ text: String, keeping base: RuntimeSpec.User) throws(CoreError) -> RuntimeSpec.User {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let uid = UInt32(parts[0]), parts.count == 1 || UInt32(parts[1]) != nil else {
            throw CoreError(stage: "exec --user", errno: EINVAL, detail: "'\(text)' is not uid or uid:gid; give numbers, e.g. 1000:1000")
        }
        var user = base
        user.uid = uid
        user.gid = parts.count == 2 ? UInt32(parts[1]) ?? 0 : 0
        user.additionalGids = nil
        return user
    }
}
