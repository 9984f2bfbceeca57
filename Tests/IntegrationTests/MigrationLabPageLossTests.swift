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
/// its counter goes on from before the move and its host link is up again.
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
            let moved = try LabTestSupport.inLab("lab1", "cbench", "system", "migrate", "s", "--to", "lab2", "--strategy", "post-copy")
            killer.stop()
            try #require(killer.killed != nil, "lab1's page server was never seen beside lab2's lazy-pages daemon: \(moved.output)")

            #expect(moved.status != 0, "the move succeeded although its page server was killed: \(moved.output)")
            let said = moved.output.split(separator: "\n").first { $0.contains("migrate s to lab2") }.map(String.init) ?? ""
            #expect(said.contains("restore") && said.contains("the source is running"), "one line naming the stage and the source: \(moved.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "system", "info", "s").status != 0, "nothing of s is left on lab2")
            #expect(access("/var/lib/cbench/lab/lab2/system/s", F_OK) != 0, "s's directory is gone from lab2's store")
            let after = try LabCounterContainer.countAbove(before, on: "lab1")
            #expect(after != nil, "the counter does not go on from \(before) on lab1 after the failed move")
            let links = try LabTestSupport.inLab("lab1", "ip", "-o", "link", "show", "master", "cbenchpl0").output
            #expect(links.contains(",UP") && !links.contains("state DOWN"), "s's host link is up again: \(links)")
        }
    }

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

    init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }

    var killed: [pid_t]? { lock.withLock { killedPids } }

    func stop() { lock.withLock { stopped = true } }

    func run() {
        let deadline = MonotonicDeadline(seconds: 120)
        while !lock.withLock({ stopped }) && !deadline.hasPassed {
            let processes = Self.criuProcesses()
            if processes.contains(where: { $0.namespace == destination && $0.arguments.contains("lazy-pages") }) {
                let dumps = processes.filter { $0.namespace == source && $0.arguments.contains("swrk") }.map(\.pid)
                if !dumps.isEmpty {
                    for pid in dumps { kill(pid, SIGKILL) }
                    lock.withLock { killedPids = dumps }
                    return
                }
            }
            usleep(500)
        }
    }

    /// Every process whose command line names criu: pid, arguments, network namespace.
    static func criuProcesses() -> [(pid: pid_t, arguments: [String], namespace: String)] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry in
            guard let pid = pid_t(entry),
                  let bytes = try? FileIO.read("/proc/\(pid)/cmdline", limit: 8192), !bytes.isEmpty else { return nil }
            let arguments = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.contains(where: { $0.hasSuffix("/criu") }) else { return nil }
            var link = [CChar](repeating: 0, count: 64)
            let length = readlink("/proc/\(pid)/ns/net", &link, link.count - 1)
            guard length > 0 else { return nil }
            return (pid, arguments, String(decoding: link.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }
}
