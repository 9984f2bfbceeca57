#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

/// Another host that runs cbench, reached by ssh (a lab host: `ssh lab2` with the lab's keys).
/// The stopped container and its images go as one export tarball through the ssh connection,
/// TCP over the hosts' network, never a path both hosts share; the destination's cbench
/// imports it and restores it there, wiring the container's veth on its own bridge of the same
/// name, so the container keeps its address (an overlay bridge spans both hosts).
public struct RemoteSystemDestination: SystemMigrationDestination {
    public let host: String
    /// ssh and its options, before the host (e.g. `["ssh", "-F", CONFIG]`).
    public let ssh: [String]
    /// `lxc.net.N.link` values for the destination: the bridge there of the same network (an
    /// app network's bridge is named from an id each host draws for itself).
    public let links: [Int: String]

    public init(host: String, ssh: [String] = ["ssh"], links: [Int: String] = [:]) {
        self.host = host
        self.ssh = ssh
        self.links = links
    }

    public var place: String { host }

    /// `cbench ARGUMENTS` on the host; a non-zero exit is an error naming the command and the
    /// first line it wrote to stderr (ssh's own failures exit 255).
    @discardableResult
    func remote(_ arguments: [String], stdin: String = "/dev/null", stage: String) throws -> SpawnResult {
        let command = ["cbench"] + arguments
        let result = try Spawn(ssh + [host, "--"] + command, stdinPath: stdin).run()
        guard result.status == 0 else {
            let said = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            throw CoreError(stage: "\(stage): ssh \(host) \(command.joined(separator: " "))",
                            detail: result.status == 255 ? "ssh failed: \(said)" : "exit \(result.status): \(said)")
        }
        return result
    }

    public func requireNew(_ name: String, stage: String) throws {
        let probe = try Spawn(ssh + [host, "--", "cbench", "system", "info", name]).run()
        if probe.status == 255 {
            throw CoreError(stage: "\(stage): ssh \(host)", detail: "unreachable: \(probe.stderr.split(separator: "\n").first ?? "")")
        }
        if probe.status == 0 {
            throw CoreError(stage: stage, errno: EEXIST, detail: "\(host) already has a system container \(name)")
        }
    }

    public func receive(_ name: String, from source: SystemRuntime, imagePath: String) throws -> UInt64 {
        let archive = "\(source.store.directory(of: name))/migration.tar.gz"
        defer { unlink(archive) }
        try source.export(name: name, to: archive, includingCheckpoint: true) { text in
            links.sorted { $0.key < $1.key }.reduce(text) { text, link in LXCConfigText.setting("lxc.net.\(link.key).link", to: link.value, in: text) }
        }
        var info = stat()
        guard stat(archive, &info) == 0 else { throw CoreError(stage: "migrate \(name): stat \(archive)", errno: errno) }
        try remote(["system", "import", "/dev/stdin", name], stdin: archive, stage: "migrate \(name): transfer")
        return UInt64(info.st_size)
    }

    public func restore(_ name: String, tcpEstablished: Bool, lazyPages: Bool) throws -> CheckpointStatistics {
        guard !lazyPages else {
            throw CoreError(kind: .unsupported, stage: "migrate \(name): restore on \(host)",
                            detail: PageServerPipeLimit().blocker() ?? "post-copy across hosts needs CRIU's page server on the source, not wired yet; use stop-and-copy")
        }
        let result = try remote(["system", "restore", name, "--json"] + (tcpEstablished ? ["--tcp-established"] : []),
                                stage: "migrate \(name): restore")
        // The restore's own statistics, for the frozen time; an older cbench there prints a sentence.
        return (try? JSONDecoder().decode(CheckpointStatistics.self, from: Data(result.stdout.utf8))) ?? CheckpointStatistics()
    }

    public func discard(_ name: String) {
        _ = try? Spawn(ssh + [host, "--", "cbench", "system", "destroy", name, "--force"]).run()
    }
}
