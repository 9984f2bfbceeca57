import Foundation
import Glibc
import NamespaceCore
import Reports
import Scenarios
import Targets

/// What the scenario integration tests share: the scenario files of this checkout, a temp
/// results directory, and the leak check of one run (state, work files, cgroups, mounts and
/// processes the engine made).
enum ScenarioTestSupport {
    static var busyboxRootfs: String {
        TargetContext.defaultBusyboxRootfs(environment: ProcessInfo.processInfo.environment)
    }

    static var available: Bool {
        getuid() == 0 && FileManager.default.fileExists(atPath: busyboxRootfs + "/bin/busybox")
    }

    /// The package root, found from this source file (tests may run from any directory).
    static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    static func scenarioFile(_ name: String) -> String { "\(packageRoot)/Scenarios/\(name)" }

    /// Runs `suite` quietly on its default targets, or on `targets`, into `out` with its reports.
    static func execute(_ suite: ScenarioSuite, targets: [String]? = nil, into out: String) throws -> SuiteSession.Outcome {
        try SuiteSession(
            suite: suite, targetNames: targets ?? SuiteSession.defaultTargets(for: suite.scenarios),
            outDirectory: URL(fileURLWithPath: out, isDirectory: true), progress: Progress(verbosity: .quiet), stop: StopSignal(),
            environment: environmentWithThisBuildsOCI(), writeReports: ReportWriter.runReports
        ).execute()
    }

    /// This process's environment with this build's cbench-oci as `CBENCH_OCI`: `make test`
    /// exports the release binary, which only `make build` makes, and on a fresh clone the
    /// cbench-oci target would be unavailable without it.
    static func environmentWithThisBuildsOCI() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let built = OCITestHarness.builtExecutable("cbench-oci") { environment["CBENCH_OCI"] = built }
        return environment
    }

    /// The MediaWiki stack of Scenarios/stacks, built into (or found built in) cbench's stack
    /// cache; `work` holds the build containers' run state.
    static func builtMediawikiStack(work: String) throws -> (definition: StackDefinition, cache: StackCache) {
        let definition = try StackDefinition.load(directory: scenarioFile("stacks/mediawiki"))
        let cache = StackCache(stack: definition)
        try cache.prepare(runRoot: work + "/build-run", say: { _ in })
        return (definition, cache)
    }

    /// A fresh /tmp/cbench-itest-scenario-* directory.
    static func temporaryDirectory() throws -> String {
        let path = "/tmp/cbench-itest-scenario-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Engine cgroups (`cbench/engine-*`) in every hierarchy; compared before and after a run,
    /// since other tests may run engines of their own at the same time.
    static func engineCgroups() -> Set<String> {
        var found = Set<String>()
        let root = "/sys/fs/cgroup"
        var parents = ["\(root)/cbench"]
        for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            parents.append("\(root)/\(hierarchy)/cbench")
        }
        for parent in parents {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix("engine-") {
                found.insert("\(parent)/\(entry)")
            }
        }
        return found
    }

    /// Leftovers of engine sessions started by process `pid`: its state root and work
    /// directory, mounts under either, new engine cgroups, and live processes that name them
    /// or sit in a new engine cgroup. Never reaps: other tests' children share this process.
    static func leftovers(ofSessionsBy pid: Int32, cgroupsBefore: Set<String>) -> [String] {
        var found: [String] = []
        let prefix = "\(pid)-"
        let work = "/tmp/cbench-run-\(prefix)", state = "\(SuiteSession.stateParent)/\(prefix)"
        let states = (try? FileManager.default.contentsOfDirectory(atPath: SuiteSession.stateParent)) ?? []
        found += states.filter { $0.hasPrefix(prefix) }.map { "state \(SuiteSession.stateParent)/\($0)" }
        let temps = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        found += temps.filter { $0.hasPrefix("cbench-run-\(prefix)") }.map { "work directory /tmp/\($0)" }
        // Only this session's containers: other processes may run engines at the same time.
        let newCgroups = engineCgroups().subtracting(cgroupsBefore)
            .filter { ($0 as NSString).lastPathComponent.hasPrefix("engine-cbench-\(prefix)") }
        found += newCgroups.sorted().map { "cgroup \($0)" }
        let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        found += mountinfo.split(separator: "\n").filter { $0.contains(work) || $0.contains(state) }.map { "mount \($0)" }
        let oldLeaves = Set(cgroupsBefore.map { ($0 as NSString).lastPathComponent })
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let other = Int32(entry), other != getpid() else { continue }
            let status = (try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8)) ?? ""
            if status.contains(") Z ") { continue }
            let cmdline = ((try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(entry)/cmdline"))) ?? Data())
                .map { $0 == 0 ? " " : Character(UnicodeScalar($0)) }.map(String.init).joined()
            let cgroups = (try? String(contentsOfFile: "/proc/\(entry)/cgroup", encoding: .utf8)) ?? ""
            let engineLeaves = cgroups.split(separator: "\n").compactMap { line -> String? in
                guard let range = line.range(of: "/cbench/engine-") else { return nil }
                return String(line[range.lowerBound...].dropFirst("/cbench/".count).split(separator: "/").first ?? "")
            }
            let ours = engineLeaves.contains { !oldLeaves.contains($0) && $0.hasPrefix("engine-cbench-\(prefix)") }
            if cmdline.contains(work) || cmdline.contains(state) || ours {
                found.append("process \(other): \(cmdline)")
            }
        }
        return found
    }

    /// Waits until a container of an engine session started by process `pid` (a process in a
    /// cgroup `cbench/engine-cbench-PID-*`) runs `command` (its /proc/PID/stat name), at most
    /// `seconds` (a cap against hanging); its pid, nil when none came. The event a test waits
    /// for before it signals a run whose container must be running by then.
    static func waitForContainerProcess(ofSessionsBy pid: Int32, running command: String, seconds: Double = 60) -> Int32? {
        let deadline = MonotonicDeadline(seconds: seconds)
        let cgroup = "/cbench/engine-cbench-\(pid)-"
        repeat {
            for entry in (try? FileIO.names(in: "/proc")) ?? [] {
                guard let other = Int32(entry), let stat = HostProcessStat.read(pid: other),
                      stat.state != "Z", stat.command == command,
                      FileIO.contents("/proc/\(other)/cgroup").contains(cgroup) else { continue }
                return other
            }
            usleep(10_000)
        } while !deadline.hasPassed
        return nil
    }
}
