import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// "Unprivileged operation: rootless start": a non-root user starts a container with the
/// target's own commands (`RootlessStartingTarget`). The user is the dedicated system user
/// `Scripts/setup` makes (`cbench-rootless`, with subordinate ids of its own); everything the
/// start needs lives in a directory it owns. The container prints its uid and uid map: root
/// inside, the start exiting 0, is supported; a start the target refused is not supported, with
/// its words; a start that could not be tried here (a prerequisite missing) fails to measure.
/// Afterwards every process of the user is ended (the user is cbench's own: a rootless
/// engine's pause process and monitors are left by the start) and the directory removed.
public struct RootlessStartRow: TargetFeatureRow {
    public init() {}

    public var key: String { "rootless-start" }
    public var feature: String { "unprivileged: rootless start (by a non-root user)" }
    public var group: String { "security" }
    static let marker = "cbench-rootless uid="
    static let command = ["/bin/sh", "-c", "echo \(marker)$(id -u); cat /proc/self/uid_map"]

    /// The user's directory for the step `id` (`cbench-PID-RUN-STEP`). Short on purpose: podman
    /// refuses a runroot (DIR/run) longer than 50 characters, which "/tmp/cbench-rootless-" with
    /// a 7-digit pid reached.
    static func directory(for id: String) -> String { "/tmp/cbench-rl-\(id)" }

    public func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult {
        let missing = MissingCapability(.notSupported, lacks: "has no way for a non-root user to start a container", detail: "no rootless start")
        return try measure(target, as: (any RootlessStartingTarget).self, missing: missing) { rootless in
            let user = try RootlessUser.find()
            let directory = Self.directory(for: context.id)
            try user.makeDirectory(directory)
            guard chmod(directory, 0o711) == 0 else { throw CoreError.fromErrno("chmod \(directory)") }
            defer {
                Self.endProcesses(of: user)
                try? FileIO.removeTree(directory)
            }
            // The user's own copy of the busybox root: a non-root user cannot read all of root's
            // (its /root is 0700), and a rootless user starts from images of its own.
            let rootfs = "\(directory)/busybox"
            try user.copy(context.busyboxRootfs, to: rootfs)
            let steps = try rootless.startRootless(as: user, rootfs: rootfs, command: Self.command, directory: directory)
            return judge(target: target.name, means: rootless.rootlessMeans, user: user, steps: steps)
        }
    }

    /// Ends every process of `user` (cbench's own user: all of them were started by this row).
    static func endProcesses(of user: RootlessUser) {
        for _ in 0..<20 {
            let pids = ((try? FileIO.names(in: "/proc")) ?? []).compactMap { pid_t($0) }.filter { pid in
                var info = stat()
                return stat("/proc/\(pid)", &info) == 0 && info.st_uid == user.uid
            }
            if pids.isEmpty { return }
            for pid in pids {
                kill(pid, SIGKILL)
                // An orphan that came back to this process (a subreaper) is ours to reap.
                var status: Int32 = 0
                _ = waitpid(pid, &status, WNOHANG)
            }
            usleep(50_000)
        }
    }

    /// The cell from the steps the user ran, the last being the container's run.
    func judge(target: String, means: String, user: RootlessUser, steps: [RootlessStep]) -> FeatureResult {
        let evidence = (["how: \(means)", "as \(user.name) (uid \(user.uid), gid \(user.gid))"] + steps.map(\.line)).joined(separator: "\n")
        guard let last = steps.last else {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence, detail: "no step ran")
        }
        let uid = last.output.split(separator: "\n").lazy.compactMap { line in
            line.hasPrefix(Self.marker) ? String(line.dropFirst(Self.marker.count)) : nil
        }.first
        if last.status == 0, uid == "0" {
            // Every line of the map: rootless Docker maps root to the user and the rest to its subordinate ids.
            let map = last.output.split(separator: "\n").filter { !$0.hasPrefix(Self.marker) && !$0.allSatisfy(\.isWhitespace) }
                .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.joined(separator: "; ")
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                                 detail: "started by \(user.name) (uid \(user.uid)): root inside, uid_map \(map.isEmpty ? "unread" : map)")
        }
        if last.status == 0 {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence,
                                 detail: "the container ran but printed no uid 0: \(last.output.split(separator: "\n").first ?? "")")
        }
        let words = last.output.split(separator: "\n").first { !$0.isEmpty }.map(String.init) ?? "exit \(last.status)"
        return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                             detail: "refused for \(user.name): \(words)")
    }
}
