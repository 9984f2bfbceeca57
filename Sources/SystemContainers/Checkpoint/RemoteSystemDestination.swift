#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Archive
import Checkpoints
import NamespaceCore

/// Another host that runs cbench, reached by ssh (a lab host: `ssh lab2` with the lab's keys).
/// One ssh session, opened before the source freezes (`connect`), carries everything: the
/// config and the root as they are before the freeze (the destination prepares its restore
/// meanwhile: root, cgroup, network namespace, CRIU), then the stopped container's changes
/// since and its images, as two uncompressed tar sections of one stream into `cbench system
/// import /dev/stdin NAME --restore --root-first` there, TCP over the hosts' network, never a
/// path both hosts share, and the same process restores it, wiring the container's veth on its own
/// bridge of the same name, so the container keeps its address (an overlay bridge spans both
/// hosts). Neither ssh's handshake nor cbench's start falls in the frozen window.
public struct RemoteSystemDestination: SystemMigrationDestination {
    public let host: String
    /// ssh and its options, before the host (e.g. `["ssh", "-F", CONFIG]`).
    public let ssh: [String]
    /// `lxc.net.N.link` values for the destination: the bridge there of the same network (an
    /// app network's bridge is named from an id each host draws for itself).
    public let links: [Int: String]
    /// The session `connect` opened, until `restore` or `disconnect` ends it.
    let slot = RemoteImportSlot()

    public init(host: String, ssh: [String] = ["ssh"], links: [Int: String] = [:]) {
        self.host = host
        self.ssh = ssh
        self.links = links
    }

    public var place: String { host }
    /// They go into the stream and are extracted there into its run root.
    public var imagesPassThrough: Bool { true }

    public func requireNew(_ name: String, stage: String) throws {
        let probe = try Spawn(ssh + [host, "--", "cbench", "system", "info", name]).run()
        if probe.status == 255 {
            throw CoreError(stage: "\(stage): ssh \(host)", detail: "unreachable: \(probe.stderr.split(separator: "\n").first ?? "")")
        }
        if probe.status == 0 {
            throw CoreError(stage: stage, errno: EEXIST, detail: "\(host) already has a system container \(name)")
        }
    }

    /// AES-GCM first (the CPU does it in hardware, several times faster than ssh's default
    /// ChaCha20 here), the default next, so a peer without it still connects.
    public static let fastCiphers = ["-c", "aes128-gcm@openssh.com,chacha20-poly1305@openssh.com"]

    /// The remote command of a migration: import from the stream (the root first), then restore.
    /// Stop-and-copy's pages, all there before the restore (`receivePages`), are read back by a
    /// lazy-pages daemon while the tree already runs: the restore no longer reads 256 MB before
    /// the tree runs (290 ms of a 970 ms downtime at 23:40 UTC), and the source, held frozen,
    /// is ended only once every page is in. Pre-copy's (`preCopy`) come in rounds, the final
    /// dump's beside its pre-dumps' in `pre-N`: a plain restore, which reads them through the
    /// parent links.
    static func importCommand(_ name: String, tcpEstablished: Bool, pageServer: PageServerAddress?, receivePages: Bool = false,
                              preCopy: Bool = false) -> [String] {
        ["cbench", "system", "import", "/dev/stdin", name, "--restore", "--say-ready", "--root-first", "--json"]
            + (tcpEstablished ? ["--tcp-established"] : []) + (pageServer.map { ["--lazy-pages-from", $0.description] } ?? [])
            + (preCopy ? ["--receive-pages", "--pre-copy"] : receivePages ? ["--receive-pages", "--lazy-restore"] : [])
    }

    /// Opens the session and sends the root's first pass through it (see `sendRoot`); with
    /// `receivePages` the remote starts a page server for the dump's pages (`pageReceiver`);
    /// with `preCopy` it starts one for each dump the source asks for (`preCopyPages`).
    public func connect(_ name: String, from source: SystemRuntime, tcpEstablished: Bool, pageServer: PageServerAddress?,
                        receivePages: Bool, preCopy: Bool) throws {
        // Resolved first: a host without an address the pages can go to fails before anything starts there.
        let address = receivePages || preCopy ? try remoteAddress(stage: "migrate \(name): page server on \(host)") : nil
        try open(name, tcpEstablished: tcpEstablished, pageServer: pageServer, receivePages: receivePages, preCopy: preCopy)
        slot.pageAddress = address
        try sendRoot(name, from: source, pagesAt: preCopy ? nil : address)
    }

    public var pageReceiver: PageServerAddress? { slot.pageReceiver }

    /// Starts the session and waits until the remote cbench says it is ready.
    func open(_ name: String, tcpEstablished: Bool, pageServer: PageServerAddress?, receivePages: Bool = false,
              preCopy: Bool = false) throws {
        let command = Self.importCommand(name, tcpEstablished: tcpEstablished, pageServer: pageServer, receivePages: receivePages,
                                         preCopy: preCopy)
        slot.session = try RemoteImportSession.open(ssh + Self.fastCiphers + [host, "--"] + command,
                                                    stage: "migrate \(name): connect to \(host)")
    }

    /// The first section, while the container still runs: its root as it is now, extracted
    /// there before the remote says `root`, which is waited for, so none of it is in the
    /// frozen window; inside it `receive` sends only what changed since. `pagesAt`: the
    /// remote's address the session was opened with `--receive-pages` for; its `pages PORT`
    /// line, after `root`, says where its page server listens.
    func sendRoot(_ name: String, from source: SystemRuntime, pagesAt address: IPv4Address? = nil) throws {
        let stage = "migrate \(name): first pass of the root to \(host)"
        guard let session = slot.session else { throw CoreError(stage: stage, detail: "no session to \(host) is open (connect first)") }
        do {
            let pass = try session.sendSection(stage: stage, last: false) { sink in
                try source.exportRoot(name: name, into: sink, configText: rewriteLinks)
            }
            try session.expect("root", stage: stage)
            if let address {
                let said = try session.expectLine(startingWith: PageReceiverLine.prefix, stage: "\(stage): its page server")
                guard let port = PageReceiverLine.port(said) else {
                    _ = try? session.finish()
                    throw CoreError(stage: "\(stage): its page server", detail: "'\(PageReceiverLine.prefix)\(said)' names no port")
                }
                slot.pageReceiver = PageServerAddress(address: address.description, port: Int32(port))
            }
            slot.firstPass = pass.snapshot
            slot.firstPassBytes = pass.bytes
            // Read now: none of it changes while the container runs, and the frozen window then
            // only writes it (2.3 ms of it in mig12l's release trace of 22:10 UTC).
            slot.header = try source.exportHeader(name: name, configText: rewriteLinks)
        } catch {
            slot.session = nil
            throw error
        }
    }

    /// Returns the bytes of both passes.
    public func receive(_ name: String, from source: SystemRuntime, imagePath: String, frozen: Bool) throws -> UInt64 {
        let firstPass = slot.firstPass, header = slot.header
        let moved = try send(name) { sink in
            try source.export(name: name, into: sink, includingCheckpoint: true, frozen: frozen, since: firstPass, header: header,
                              configText: rewriteLinks)
        }
        return moved + slot.firstPassBytes
    }

    /// The config as the destination takes it: each veth on that host's bridge of the same network.
    func rewriteLinks(_ text: String) -> String {
        links.sorted { $0.key < $1.key }.reduce(text) { text, link in LXCConfigText.setting("lxc.net.\(link.key).link", to: link.value, in: text) }
    }

    /// What `write` writes into the sink it is given goes into the open session's import
    /// there as the stream's last section: one uncompressed tar, no file on either side and no
    /// gzip (at 256 MB gzip and a file of the whole archive were most of the downtime). The
    /// import is all or nothing, so an archive cut short leaves nothing there; a failed send
    /// ends the session.
    func send(_ name: String, write: (@escaping ArchiveWriter.Sink) throws -> UInt64) throws -> UInt64 {
        let stage = "migrate \(name): transfer to \(host)"
        guard let session = slot.session else { throw CoreError(stage: stage, detail: "no session to \(host) is open (connect first)") }
        do {
            return try session.sendSection(stage: stage, last: true, write: write)
        } catch {
            slot.session = nil
            throw error
        }
    }

    public func restore(_ name: String, tcpEstablished: Bool, lazyPages: Bool, pageServer: PageServerAddress?) throws -> SystemRestoreOutcome {
        let stage = "migrate \(name): restore on \(host)"
        // Post-copy restores from the source's page server, never from pages it does not have.
        if lazyPages && pageServer == nil {
            throw CoreError(kind: .unsupported, stage: stage,
                            detail: "post-copy to another host needs the source's lazy page server; none was started")
        }
        guard let session = slot.session else { throw CoreError(stage: stage, detail: "no session to \(host) is open (connect first)") }
        slot.session = nil
        let result = try session.finish()
        guard result.status == 0 else {
            let said = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            throw CoreError(stage: "\(stage): ssh \(host) \(session.command)",
                            detail: result.status == 255 ? "ssh failed: \(said)" : "exit \(result.status): \(said)")
        }
        // The restore's statistics (for the frozen time) and its parts, the import's first.
        guard let outcome = try? JSONDecoder().decode(SystemRestoreOutcome.self, from: Data(result.stdout.utf8)) else {
            throw CoreError(stage: stage, detail: "restored, but its report is no JSON: '\(result.stdout.firstLine())'")
        }
        return outcome
    }

    public func disconnect() {
        guard let session = slot.session else { return }
        slot.session = nil
        _ = try? session.finish()
    }

    public func discard(_ name: String) throws {
        disconnect()
        let stage = "discard \(name) on \(host)"
        let destroyed = try Spawn(ssh + [host, "--", "cbench", "system", "destroy", name, "--force"]).run()
        guard destroyed.status != 0 else { return }
        // Not destroyed: fine when there is nothing of that name there (the import was all or
        // nothing, the restore removed its tree), not when it is there or ssh could not tell.
        let probe = try Spawn(ssh + [host, "--", "cbench", "system", "info", name]).run()
        guard probe.status != 0 && probe.status != 255 else {
            let said = (destroyed.stderr.split(separator: "\n").first).map(String.init) ?? ""
            throw CoreError(stage: stage, detail: probe.status == 255 ? "ssh failed: \(said)" : "it is still there: \(said)")
        }
    }
}
