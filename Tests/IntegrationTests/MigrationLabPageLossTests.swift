#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import NamespaceCore

/// Post-copy whose page transfer fails: lab1's lazy dump (CRIU's page server) is killed once
/// lab2's `criu lazy-pages` runs, so lab2 cannot get the memory the source still holds. The move
/// must fail naming the stage, nothing of the container may be left on lab2 (a copy that ran
/// there with part of its memory is killed), and the source runs on in lab1 with its state:
/// its counter goes on from before the move and its host link is up again. The move is bounded
/// (`moveLimit`): one that hangs (as lab2's restore did while it waited on a daemon that had
/// died) fails the test, and what it left running on lab2 is ended by pid.
@Suite(.hostLeakCheck, .serialized, .enabled(if: LabTestSupport.canRun, "needs root and sshd"))
struct MigrationLabPageLossTests {
    @Test func aPostCopyMoveWhosePageServerDiesLeavesOnlyTheSourceRunning() throws {
        try LabTestSupport.withLab(hosts: 2) {
            try MigrationLabPostCopyTests.bridge("cbenchpl0", on: ["lab1", "lab2"])
            try MigrationLabPostCopyTests.startCounter(bridge: "cbenchpl0")
            defer { _ = try? LabTestSupport.inLab("lab1", "cbench", "system", "destroy", "s", "--force") }
            // About 64 MB held by a shell of the container, so pages are still on their way
            // when the page server dies.
            let hold = "setsid sh -c 'x=$(head -c 64000000 /dev/zero | tr -c b a); while :; do sleep 1; done' </dev/null >/dev/null 2>&1 &"
            #expect(try LabTestSupport.inLab("lab1", "cbench", "system", "attach", "s", "--", "sh", "-c", hold).status == 0)
            let before = try #require(try LabCounterContainer.countAbove(1, on: "lab1"), "the counter never counted on lab1")
            let source = try Self.networkNamespace(of: "lab1")
            let destination = try Self.networkNamespace(of: "lab2")

            let killer = PageServerKiller(source: source, destination: destination)
            let thread = Thread { killer.run() }
            thread.start()
            let moved = try LabTestSupport.inLab("lab1", "timeout", "-k", "10", String(Self.moveLimit),
                                                 "cbench", "system", "migrate", "s", "--to", "lab2", "--strategy", "post-copy")
            killer.stop()
            if moved.status == 124 || moved.status == 137 {
                let ended = PageServerKiller.endCRIUAndCBench(in: destination)
                Issue.record("the move hung: not over within \(Self.moveLimit) s; ended on lab2: \(ended)")
                return
            }
            try #require(killer.killed != nil, "lab1's page server was never seen beside lab2's lazy-pages daemon (\(source), \(destination); seen: \(killer.seen)): \(moved.output)")

            #expect(moved.status != 0, "the move succeeded although its page server was killed: \(moved.output)")
            let said = moved.output.split(separator: "\n").first { $0.contains("migrate s to lab2") }.map(String.init) ?? ""
            print("the failed move said: \(said)")
            #expect(said.contains("restore") && said.contains("lazy-pages") && said.contains("the source is running"),
                    "one line naming the stage, the daemon and the source: \(moved.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "system", "info", "s").status != 0, "nothing of s is left on lab2")
            #expect(access("/var/lib/cbench/lab/lab2/system/s", F_OK) != 0, "s's directory is gone from lab2's store")
            let after = try LabCounterContainer.countAbove(before, on: "lab1")
            #expect(after != nil, "the counter does not go on from \(before) on lab1 after the failed move")
            let links = try LabTestSupport.inLab("lab1", "ip", "-o", "link", "show", "master", "cbenchpl0").output
            #expect(links.contains(",UP") && !links.contains("state DOWN"), "s's host link is up again: \(links)")
        }
    }

    /// Seconds a move may take before it counts as hung (a good one takes a few).
    static let moveLimit = 120

    /// `net:[INODE]` of a lab host's network namespace.
    static func networkNamespace(of host: String) throws -> String {
        let read = try LabTestSupport.inLab(host, "readlink", "/proc/self/ns/net")
        let namespace = read.output.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(read.status == 0 && namespace.hasPrefix("net:["), "\(host): \(read.output)")
        return namespace
    }
}

/// Watches /proc for a `criu lazy-pages` in the destination's network namespace and then kills
/// every `criu swrk` in the source's (the lazy dump, whose page server it pulls from) once.
final class PageServerKiller: @unchecked Sendable {
    let source: String
    let destination: String
    private let lock = NSLock()
    private var stopped = false
    private var killedPids: [pid_t]?
    private var seenProcesses = Set<String>()

    init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }

    var killed: [pid_t]? { lock.withLock { killedPids } }
    /// What the watch saw of criu (namespace and subcommand), for a failure's message.
    var seen: [String] { lock.withLock { seenProcesses.sorted() } }

    func stop() { lock.withLock { stopped = true } }

    func run() {
        let deadline = MonotonicDeadline(seconds: 120)
        while !lock.withLock({ stopped }) && !deadline.hasPassed {
            let processes = Self.criuProcesses()
            let seenNow = processes.map { process in
                "\(process.namespace) (parent's \(Self.parent(of: process.pid).flatMap(Self.networkNamespace) ?? "?")) \(process.arguments.suffix(3).joined(separator: " "))"
            }
            lock.withLock { seenProcesses.formUnion(seenNow) }
            // CRIU may be in another namespace while it works; cbench, its parent, is not.
            func on(_ host: String, _ process: (pid: pid_t, arguments: [String], namespace: String)) -> Bool {
                process.namespace == host || Self.parent(of: process.pid).flatMap(Self.networkNamespace) == host
            }
            if processes.contains(where: { $0.arguments.contains("lazy-pages") && on(destination, $0) }) {
                // CRIU's service retitles itself for its request ("dump --rpc ..."): every criu
                // there but a feature check is the dump.
                let dumps = processes.filter { !$0.arguments.contains("check") && on(source, $0) }.map(\.pid)
                if !dumps.isEmpty {
                    for pid in dumps { kill(pid, SIGKILL) }
                    lock.withLock { killedPids = dumps }
                    return
                }
            }
            usleep(500)
        }
    }

    /// Kills (SIGKILL, by pid) every criu and cbench process in `namespace` or whose parent is
    /// there: what a hung move of this test left on the destination. Returns their pids.
    static func endCRIUAndCBench(in namespace: String) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let pids = entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), let comm = try? FileIO.read("/proc/\(pid)/comm", limit: 64),
                  ["criu", "ld-linux", "cbench"].contains(where: { comm.starts(with: Array($0.utf8)) }) else { return nil }
            let there = networkNamespace(of: pid) == namespace || parent(of: pid).flatMap(networkNamespace) == namespace
            return there ? pid : nil
        }
        for pid in pids { kill(pid, SIGKILL) }
        return pids
    }

    /// Every criu process (named like the provisioned wrapper, then its loader): pid, arguments,
    /// network namespace. Only these have their command line read: reading a restored task's,
    /// whose memory comes lazily, would wait for its pages.
    static func criuProcesses() -> [(pid: pid_t, arguments: [String], namespace: String)] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry in
            guard let pid = pid_t(entry), let comm = try? FileIO.read("/proc/\(pid)/comm", limit: 64),
                  comm.starts(with: Array("criu".utf8)) || comm.starts(with: Array("ld-linux".utf8)),
                  let bytes = try? FileIO.read("/proc/\(pid)/cmdline", limit: 8192), !bytes.isEmpty else { return nil }
            let arguments = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard let namespace = networkNamespace(of: pid) else { return nil }
            return (pid, arguments, namespace)
        }
    }

    static func networkNamespace(of pid: pid_t) -> String? {
        FileIO.readLink("/proc/\(pid)/ns/net")
    }

    /// The parent's pid, from /proc/PID/stat (the field after the command's closing parenthesis).
    static func parent(of pid: pid_t) -> pid_t? {
        guard let bytes = try? FileIO.read("/proc/\(pid)/stat", limit: 4096) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }
}
