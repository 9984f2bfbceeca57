import Foundation
import NamespaceCore
import Targets
import Testing

/// Drives the built `cbench system` against a private store (/tmp/cbench-systemtest-*) and
/// run root (/run/cbench/test-system-*), as a user of the CLI would. Every container it made
/// is destroyed in `tearDown`, even after a failed expectation.
struct SystemTestHarness {
    var cli: CLITestHarness
    var binary: String { cli.binary }
    var store: String { cli.store }
    var runRoot: String { cli.runRoot }
    var suffix: String { cli.suffix }
    var environmentOverrides: [String: String] {
        get { cli.environmentOverrides }
        set { cli.environmentOverrides = newValue }
    }

    typealias Outcome = SpawnResult

    static var available: Bool { CLITestHarness.available }

    /// `binary`: another cbench than the one built beside the tests (a copy an attack may hit).
    init(_ name: String, binary: String? = nil) throws {
        cli = try CLITestHarness(.system, name: name, binary: binary)
    }

    /// A container name unique to this harness (its cgroup is cbench/system-NAME).
    func name(_ base: String) -> String { "t\(base)-\(suffix)" }

    /// Runs `cbench system ARGS`.
    @discardableResult
    func system(_ arguments: [String]) throws -> Outcome {
        try cli.run(arguments)
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
        found += cli.cgroupLeftovers("cbench/system-\(name)")
        found += cli.mountLeftovers()
        return found
    }

    func tearDown() {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: store)) ?? []).filter { !$0.hasPrefix(".") }
        for name in names {
            let pid = try? self.pid(name)
            _ = try? system(["destroy", "--force", name])
            if let pid { reap(pid) }
        }
        cli.expectNothingLeft("destroy --force of its containers")
        cli.removeStore()
    }
}
