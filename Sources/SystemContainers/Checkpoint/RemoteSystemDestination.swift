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
/// The stopped container and its images go as one uncompressed tar stream through the ssh
/// connection, TCP over the hosts' network, never a path both hosts share; the destination's cbench
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

    public func receive(_ name: String, from source: SystemRuntime, imagePath: String, frozen: Bool) throws -> UInt64 {
        let rewrite: (String) -> String = { text in
            links.sorted { $0.key < $1.key }.reduce(text) { text, link in LXCConfigText.setting("lxc.net.\(link.key).link", to: link.value, in: text) }
        }
        return try stream(name, stage: "migrate \(name): transfer") { descriptor in
            try source.export(name: name, toDescriptor: descriptor, includingCheckpoint: true, frozen: frozen, configText: rewrite)
        }
    }

    /// Streams what `write` writes into the descriptor it is given straight into `cbench system
    /// import /dev/stdin NAME` there: one uncompressed tar through the ssh connection, no file
    /// on either side and no gzip (at 256 MB gzip and a file of the whole archive were most of
    /// the downtime). The import is all or nothing, so an archive cut short leaves nothing there.
    func stream(_ name: String, stage: String, write: (Int32) throws -> UInt64) throws -> UInt64 {
        let ends = try FileIO.closeOnExecPipe(stage: stage)
        // A closed ssh is an EPIPE of the write, not our death; its own exit says why.
        // SIGPIPE is blocked in this thread only (another thread's writes keep their default)
        // and a pending one is taken before the mask is put back.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var oldMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &oldMask)
        defer {
            var pending = sigset_t()
            if sigpending(&pending) == 0, sigismember(&pending, SIGPIPE) == 1 {
                var now = timespec()
                _ = sigtimedwait(&pipeSignal, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &oldMask, nil)
        }
        let command = ["cbench", "system", "import", "/dev/stdin", name]
        let importer: SpawnedProcess
        do {
            importer = try Spawn(ssh + Self.fastCiphers + [host, "--"] + command, placing: [0: ends.read]).start()
        } catch {
            close(ends.read)
            close(ends.write)
            throw error
        }
        close(ends.read)
        var moved: UInt64 = 0
        var writeFailure: (any Error)?
        do { moved = try write(ends.write) } catch { writeFailure = error }
        close(ends.write)
        let result = try importer.wait()
        guard result.status == 0 else {
            let said = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            throw CoreError(stage: "\(stage): ssh \(host) \(command.joined(separator: " "))",
                            detail: result.status == 255 ? "ssh failed: \(said)" : "exit \(result.status): \(said)")
        }
        if let writeFailure { throw writeFailure }
        return moved
    }

    /// AES-GCM first (the CPU does it in hardware, several times faster than ssh's default
    /// ChaCha20 here), the default next, so a peer without it still connects.
    static let fastCiphers = ["-c", "aes128-gcm@openssh.com,chacha20-poly1305@openssh.com"]

    public func restore(_ name: String, tcpEstablished: Bool, lazyPages: Bool, pageServer: PageServerAddress?) throws -> CheckpointStatistics {
        // Post-copy restores from the source's page server, never from pages it does not have.
        if lazyPages && pageServer == nil {
            throw CoreError(kind: .unsupported, stage: "migrate \(name): restore on \(host)",
                            detail: "post-copy to another host needs the source's lazy page server; none was started")
        }
        let lazy = pageServer.map { ["--lazy-pages-from", $0.description] } ?? []
        let result = try remote(["system", "restore", name, "--json"] + (tcpEstablished ? ["--tcp-established"] : []) + lazy,
                                stage: "migrate \(name): restore")
        // The restore's own statistics, for the frozen time; an older cbench there prints a sentence.
        return (try? JSONDecoder().decode(CheckpointStatistics.self, from: Data(result.stdout.utf8))) ?? CheckpointStatistics()
    }

    public func discard(_ name: String) {
        _ = try? Spawn(ssh + [host, "--", "cbench", "system", "destroy", name, "--force"]).run()
    }
}
