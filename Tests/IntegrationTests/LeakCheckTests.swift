import Foundation
import Testing
import NamespaceCore

/// The final leak check itself, on the real host: one leftover of each kind is planted, then
/// `cbench cleanup --check` must exit 1 naming every one, `cbench cleanup` must remove them
/// all, and the check must then pass. Kinds: a mount, a cgroup in every hierarchy, a network
/// namespace, a veth pair, a bridge, a process known only by its state file (in no cgroup), the
/// state directory with that file, and a temporary directory.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0 && OCITestHarness.builtExecutable("cbench") != nil, "needs root and a built cbench"))
struct LeakCheckTests {
    @Test func checkNamesEveryKindAndCleanupRemovesThem() throws {
        // Earlier tests may leave the project's empty parent cgroups (whoever leaves last removes
        // them; `cbench cleanup` does too); anything else here would be a real leak.
        let before = HostLeaks.current()
        try #require(before.isEmpty, "the host is not clean before planting: \(before.sorted())")
        var plant = try Plant()
        defer { plant.removeWhatIsLeft() }
        try plant.make()

        let check = try BuiltCLI.cbench(["cleanup", "--check"])
        #expect(check.status == 1)
        let named = check.stdout.split(separator: "\n").map(String.init)
        for expected in plant.expectedSummaries {
            #expect(named.contains { $0.hasPrefix("cleanup: would remove \(expected)") }, "\(expected) not named in:\n\(check.stdout)")
        }

        // --dry-run lists the same and removes nothing, with success.
        let dryRun = try BuiltCLI.cbench(["cleanup", "--dry-run"])
        #expect(dryRun.status == 0)
        #expect(dryRun.stdout == check.stdout)
        #expect(plant.stillThere().count == plant.expectedSummaries.count, "\(plant.stillThere())")

        let cleanup = try BuiltCLI.cbench(["cleanup"])
        #expect(cleanup.status == 0, "\(cleanup.stdout)\(cleanup.stderr)")
        #expect(plant.stillThere().isEmpty, "left after cbench cleanup: \(plant.stillThere())")
        let status = try #require(plant.reapProcess(), "the planted process was not ours to reap")
        #expect(status & 0x7f == SIGKILL || status & 0x7f == SIGTERM, "wait status \(status)")
        let after = try BuiltCLI.cbench(["cleanup", "--check"])
        #expect(after.status == 0, "\(after.stdout)")
        #expect(after.stdout == "cleanup: 0 leftovers\n")
    }

    /// The per-test check (HostLeaks, the `.hostLeakCheck` trait and the harnesses' tear-down)
    /// names what a test leaves; a harness's own directory is spared, a mount in it never is.
    @Test func theWholeHostCheckNamesWhatATestLeaves() throws {
        let before = HostLeaks.current()
        let directory = "\(Leftovers.temporaryPrefix)hostleaks-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory + "/mnt", withIntermediateDirectories: true)
        defer {
            _ = try? Spawn(["umount", "-l", directory + "/mnt"]).run()
            rmdir(directory + "/mnt")
            rmdir(directory)
        }
        #expect(HostLeaks.new(since: before) == ["temporaryPath \(directory)"])
        #expect(HostLeaks.new(since: before, ownPaths: [directory]).isEmpty)
        try Plant.run(["mount", "-t", "tmpfs", "hostleaks", directory + "/mnt"])
        #expect(HostLeaks.new(since: before, ownPaths: [directory]) == ["mount \(directory)/mnt (tmpfs)"])
        try Plant.run(["umount", directory + "/mnt"])
        try FileManager.default.removeItem(atPath: directory)
        #expect(HostLeaks.new(since: before).isEmpty)
    }

    /// One leftover of each kind, named after a random suffix.
    struct Plant {
        let suffix = String(UInt32.random(in: 0...UInt32.max) % 1_679_616, radix: 36)
        var temporary: String { "/tmp/cbench-leaktest-\(suffix)" }
        var mountPoint: String { "\(temporary)/mnt" }
        var stateDirectory: String { "\(Leftovers.stateRoot)/leaktest-\(suffix)" }
        var netns: String { "cbench-leaktest-\(suffix)" }
        var links: [String] { ["cbenchlk\(suffix)a", "cbenchlk\(suffix)b", "cbenchlk\(suffix)br"] }
        let cgroups: [String]
        var process: SpawnedProcess?

        init() throws {
            let name = "leaktest-\(suffix)"
            cgroups = try CgroupHost.current().layout.allHierarchies.map { "\($0.mountPoint)/\(Leftovers.cgroupParent)/\(name)" }
        }

        mutating func make() throws {
            try FileIO.makeDirectories(mountPoint, mode: 0o755)
            try Self.run(["mount", "-t", "tmpfs", "cbench-leaktest", mountPoint])
            for cgroup in cgroups { try FileIO.makeDirectories(cgroup, mode: 0o755) }
            try Self.run(["ip", "netns", "add", netns])
            try Self.run(["ip", "link", "add", links[0], "type", "veth", "peer", "name", links[1]])
            try Self.run(["ip", "link", "add", links[2], "type", "bridge"])
            let sleeper = try Spawn(["/bin/sleep", "1000"], stdout: .null, stderr: .null).start()
            process = sleeper
            let start = try #require(ProcessLiveness.startTime(of: sleeper.pid))
            try FileIO.makeDirectories(stateDirectory, mode: 0o700)
            try FileIO.write("\(stateDirectory)/state.json", Array("{\"pid\": \(sleeper.pid), \"pidStartTime\": \(start)}\n".utf8))
        }

        var expectedSummaries: [String] {
            ["mount \(mountPoint) (tmpfs)"] + cgroups.map { "cgroup \($0)" } + ["networkNamespace /run/netns/\(netns)"]
                + links.map { "link \($0)" }
                + ["process \(process?.pid ?? 0) (\(stateDirectory)/state.json)", "stateDirectory \(Leftovers.stateRoot)", "temporaryPath \(temporary)"]
        }

        func stillThere() -> [String] {
            let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
            var left = mountinfo.contains(" \(mountPoint) ") ? [mountPoint] : []
            let paths = cgroups + ["/run/netns/\(netns)", Leftovers.stateRoot, temporary] + links.map { "/sys/class/net/\($0)" }
            left += paths.filter { FileManager.default.fileExists(atPath: $0) }
            if let pid = process?.pid, let stat = HostProcessStat.read(pid: pid), stat.state != "Z" { left.append("process \(pid)") }
            return left
        }

        /// The wait status of the planted process once it has ended.
        func reapProcess() -> Int32? {
            guard let pid = process?.pid else { return nil }
            var status: Int32 = 0
            while true {
                if waitpid(pid, &status, 0) == pid { return status }
                if errno != EINTR { return nil }
            }
        }

        /// After a failed expectation: nothing of the plant stays.
        func removeWhatIsLeft() {
            if let pid = process?.pid, kill(pid, SIGKILL) == 0 { _ = reapProcess() }
            _ = try? Spawn(["umount", "-l", mountPoint]).run()
            for cgroup in cgroups { rmdir(cgroup); rmdir((cgroup as NSString).deletingLastPathComponent) }
            _ = try? Spawn(["ip", "netns", "delete", netns]).run()
            for link in [links[0], links[2]] { _ = try? Spawn(["ip", "link", "delete", link]).run() }
            try? FileManager.default.removeItem(atPath: stateDirectory)
            rmdir(Leftovers.stateRoot)
            try? FileManager.default.removeItem(atPath: temporary)
        }

        static func run(_ arguments: [String]) throws {
            let outcome = try Spawn(arguments).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: arguments.joined(separator: " "), detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
        }
    }
}
