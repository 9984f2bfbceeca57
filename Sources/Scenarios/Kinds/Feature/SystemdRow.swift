import Foundation
import Glibc
import NamespaceCore
import Results
import SystemContainers
import Targets

/// "Real init with several services": systemd boots a Debian bookworm root (debootstrap from
/// the host's mirror, the cached root) to "running" with at least two services active. System
/// targets boot their Debian template (cbench-system's, and LXC on an overlay of the same root
/// with the same readiness unit); podman, Docker, the bare OCI runtimes and cbench-app start
/// `/sbin/init` their own way (`SystemdBootingTarget`: cbench-app's is its default systemd
/// mode); the others start it with their defaults. From the host, in the
/// init's namespaces (`nsenter --all`): `systemctl is-system-running --wait` and the active
/// services.
public struct SystemdRow: TargetFeatureRow {
    public init() {}

    public var key: String { "systemd-services" }
    public var feature: String { "real init with several services" }
    public var group: String { "system containers" }
    /// How long systemd may take to finish booting.
    static let bootSeconds = 30

    public func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult {
        let root = DebianRootfsCache().path(of: .bookworm)
        guard access(root + "/sbin/init", X_OK) == 0 else {
            throw StepFailure(stage: "prepare", "no Debian bookworm root at \(root) (make setup builds it)")
        }
        return try measure(target, as: (any DensityTarget).self, missing: .unknownInit("systemd's state could not be read in its namespaces")) { density in
            try boot(density, root: root, context: context)
        }
    }

    func boot(_ target: any DensityTarget, root: String, context: TargetRowContext) throws -> FeatureResult {
        let means: String
        let container: PreparedContainer
        if target.idleKinds.contains(.debianSystem) {
            container = try target.prepareIdle(IdleContainer(kind: .debianSystem, rootfs: root), id: context.id)
            means = "\(target.name) boots its Debian template: the bookworm root (debootstrap --variant=minbase from the host's mirror), systemd as init"
        } else {
            container = try target.prepare(ContainerWorkload(args: ["/sbin/init"], rootfs: root, writableRoot: true), id: context.id)
            means = (target as? any SystemdBootingTarget)?.systemdMeans
                ?? "\(target.name) with its defaults, /sbin/init (systemd) of the bookworm root as the command"
        }
        defer { target.cleanup(container) }
        if target.idleKinds.contains(.debianSystem) {
            try target.startIdle(container)
        } else if let booting = target as? any SystemdBootingTarget {
            try booting.startSystemd(container)
        } else {
            _ = try target.startUntilRunning(container)
        }
        let pid: pid_t
        do {
            pid = try target.idleInitPid(container)
        } catch {
            let output = (FileIO.contents(container.stdoutPath) + FileIO.contents(container.stderrPath))
            return judge(target: target.name, means: means, initName: nil,
                         state: "the container's init is gone (\(error)); its output: " + String(output.suffix(1500)), services: [])
        }
        let deadline = MonotonicDeadline(seconds: Double(Self.bootSeconds))
        let (state, asks) = SystemdStateWait.state(expired: { deadline.hasPassed }, pause: { usleep(200_000) }) {
            Self.inside(pid, ["timeout", "\(Self.bootSeconds)", "systemctl", "is-system-running", "--wait"])
        }
        let units = Self.inside(pid, ["systemctl", "list-units", "--type=service", "--state=active", "--no-legend", "--plain"])
        // Read once the boot is over (a runtime's own init runs as pid 1 until it execs), and by
        // the executable: systemd started as /sbin/init is named "init".
        let initName = ScaleRow.Sighting.readLink("/proc/\(pid)/exe").map { ($0 as NSString).lastPathComponent }
        let services = units.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.hasSuffix(".service") }
        let waited = asks == 1 ? nil : SystemdStateWait.isBeforeSystemd(state)
            ? "systemd did not answer on any of \(asks) asks, 0.2 s apart, within \(Self.bootSeconds) s"
            : "systemd answered on ask \(asks) (asked 0.2 s apart while systemctl said \"offline\" or \"Failed to connect to bus\")"
        return judge(target: target.name, means: means, initName: initName, state: state, services: services, waited: waited)
    }

    /// A command in all of the init's namespaces and root, its output (or why it failed).
    static func inside(_ pid: pid_t, _ command: [String]) -> String {
        do {
            let outcome = try Spawn(["nsenter", "--target", "\(pid)", "--all"] + command).run()
            return (outcome.stdout + outcome.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            return "nsenter: \(error)"
        }
    }

    /// The cell from the init's name, what `systemctl is-system-running --wait` printed and
    /// the active services.
    func judge(target: String, means: String, initName: String?, state: String, services: [String], waited: String? = nil) -> FeatureResult {
        let evidence = (["how: \(means)", "init (pid 1 inside), its executable: \(initName ?? "gone")"] + (waited.map { [$0] } ?? [])
            + ["$ systemctl is-system-running --wait", state,
               "$ systemctl list-units --type=service --state=active", services.isEmpty ? "(none)" : services.joined(separator: "\n")])
            .joined(separator: "\n")
        guard initName == "systemd" else {
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                 detail: "systemd does not run as the container's init" + (initName.map { " (pid 1 is \($0))" } ?? ""))
        }
        let firstLine = state.split(separator: "\n").last.map(String.init) ?? ""
        if firstLine == "running", services.count >= 2 {
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                                 detail: "systemd running with \(services.count) services active")
        }
        if services.isEmpty, !["running", "degraded", "starting", "initializing"].contains(firstLine) {
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                 detail: "systemd runs as init but did not boot: \(firstLine)")
        }
        return FeatureResult(feature: feature, target: target, outcome: .partial, evidence: evidence,
                             detail: "systemd boots to \"\(firstLine)\" with \(services.count) service\(services.count == 1 ? "" : "s") active")
    }
}
