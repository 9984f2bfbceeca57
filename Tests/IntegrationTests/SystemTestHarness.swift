import Foundation
import NamespaceCore
import Targets
import Testing

/// Drives the built `cbench system` against a private store (/tmp/cbench-systemtest-*) and
/// run root (/run/cbench/test-system-*), as a user of the CLI would. Every container it made
/// is destroyed in `tearDown`, even after a failed expectation.
struct SystemTestHarness {
    let binary: String
    let store: String
    let runRoot: String
    let suffix: String
    var environmentOverrides: [String: String] = [:]

    typealias Outcome = SpawnResult

    static var available: Bool {
        getuid() == 0 && OCITestHarness.builtExecutable("cbench") != nil
            && FileManager.default.fileExists(atPath: (ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox") + "/bin/busybox")
    }

    /// `binary`: another cbench than the one built beside the tests (a copy an attack may hit).
    init(_ name: String, binary: String? = nil) throws {
        guard let binary = binary ?? OCITestHarness.builtExecutable("cbench") else {
            throw CoreError(stage: "find cbench", detail: "build it first (swift build)")
        }
        self.binary = binary
        suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let unique = "\(name)-\(getpid())-\(suffix)"
        store = "/tmp/cbench-systemtest-\(unique)"
        runRoot = "/run/cbench/test-system-\(unique)"
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
    }

    /// A container name unique to this harness (its cgroup is cbench/system-NAME).
    func name(_ base: String) -> String { "t\(base)-\(suffix)" }

    /// Runs `cbench system ARGS` with stdout and stderr in files: a started init must not
    /// hold a pipe of ours open.
    @discardableResult
    func system(_ arguments: [String]) throws -> Outcome {
        let stamp = UInt32.random(in: 0...UInt32.max)
        let outPath = "\(store)/.out-\(stamp)", errPath = "\(store)/.err-\(stamp)"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var environment = ["CBENCH_SYSTEM_STORE": store, "CBENCH_SYSTEM_RUN": runRoot]
        environmentOverrides.forEach { environment[$0.key] = $0.value }
        return try Spawn([binary, "system"] + arguments, environment: environment,
                         stdout: .file(outPath), stderr: .file(errPath)).run()
    }

    /// `attach NAME -- COMMAND`, expecting success; returns its stdout.
    func attach(_ name: String, _ command: [String]) throws -> String {
        let outcome = try system(["attach", name, "--"] + command)
        #expect(outcome.status == 0, "attach \(command): \(outcome.stderr)")
        return outcome.stdout
    }

    /// The init pid from `info`.
    func pid(_ name: String) throws -> Int32? {
        let info = try system(["info", name]).stdout
        return info.split(separator: "\n").first { $0.hasPrefix("PID: ") }.flatMap { Int32($0.dropFirst(5)) }
    }

    /// Starts, waits for boot; records a failure with the reason otherwise.
    func startBooted(_ name: String) throws {
        let start = try system(["start", name])
        #expect(start.status == 0, "start: \(start.stderr)")
        let wait = try system(["wait", name, "--booted", "--timeout", "30"])
        #expect(wait.status == 0, "wait --booted: \(wait.stderr)")
    }

    /// Stops and reaps the init if it came back to this process (a subreaper).
    func stop(_ name: String, timeout: Int = 10) throws -> Outcome {
        let pid = try self.pid(name)
        let outcome = try system(["stop", name, "--timeout", String(timeout)])
        if let pid { reap(pid) }
        return outcome
    }

    func reap(_ pid: Int32) {
        var status: Int32 = 0
        for _ in 0..<100 {
            let rc = waitpid(pid, &status, WNOHANG)
            if rc != 0 { return }
            usleep(10_000)
        }
    }

    /// What of container `name` is still on the host: store entry, state, cgroups, mounts.
    func leftovers(_ name: String) -> [String] {
        var found: [String] = []
        if FileManager.default.fileExists(atPath: "\(store)/\(name)") { found.append("store \(name)") }
        if FileManager.default.fileExists(atPath: "\(runRoot)/\(name)") { found.append("state \(name)") }
        for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? [] {
            if FileManager.default.fileExists(atPath: "/sys/fs/cgroup/\(hierarchy)/cbench/system-\(name)") {
                found.append("cgroup \(hierarchy)/cbench/system-\(name)")
            }
        }
        let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        found += mountinfo.split(separator: "\n").filter { $0.contains(store) }.map { "mount \($0)" }
        return found
    }

    func tearDown() {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: store)) ?? []).filter { !$0.hasPrefix(".") }
        for name in names {
            let pid = try? self.pid(name)
            _ = try? system(["destroy", "--force", name])
            if let pid { reap(pid) }
        }
        try? FileManager.default.removeItem(atPath: store)
        rmdir(runRoot)
    }
}
