import Foundation
import NamespaceCore
import Targets
import Testing

/// The part every CLI harness shares: the built `cbench`, one verb (`app`, `system`) run as a
/// user of the CLI would, against a private store below /tmp/cbench-* and a run root below
/// /run/cbench (so the final leak check sees and removes what a failed test leaves), with
/// stdout and stderr in files (a detached supervisor or a started init must not hold a pipe of
/// ours open).
struct CLITestHarness {
    /// How a verb is pointed at a private store and run root.
    struct Mode {
        var verb: String
        var storeVariable: String
        var runVariable: String
        /// `/tmp/cbench-<storeTag>-NAME-PID-SUFFIX`, `/run/cbench/<runTag>-NAME-PID-SUFFIX`.
        var storeTag: String
        var runTag: String

        static let app = Mode(verb: "app", storeVariable: "CBENCH_APP_ROOT", runVariable: "CBENCH_APP_RUN",
                              storeTag: "apptest", runTag: "apptest")
        static let system = Mode(verb: "system", storeVariable: "CBENCH_SYSTEM_STORE", runVariable: "CBENCH_SYSTEM_RUN",
                                 storeTag: "systemtest", runTag: "test-system")
    }

    let mode: Mode
    let binary: String
    let store: String
    let runRoot: String
    let suffix: String
    /// The host's leftovers when the harness was made (HostLeaks), for the check in tear-down.
    let hostBefore: Set<String>
    var environmentOverrides: [String: String] = [:]

    static let busyboxRootfs = ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox"

    /// Root, a built cbench and the busybox root file system.
    static var available: Bool {
        getuid() == 0 && OCITestHarness.builtExecutable("cbench") != nil
            && FileManager.default.fileExists(atPath: busyboxRootfs + "/bin/busybox")
    }

    /// `binary`: another cbench than the one built beside the tests (a copy an attack may hit).
    init(_ mode: Mode, name: String, binary: String?) throws {
        guard let binary = binary ?? OCITestHarness.builtExecutable("cbench") else {
            throw CoreError(stage: "find cbench", detail: "build it first (swift build)")
        }
        self.mode = mode
        self.binary = binary
        hostBefore = HostLeaks.current()
        suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let unique = "\(name)-\(getpid())-\(suffix)"
        store = "/tmp/cbench-\(mode.storeTag)-\(unique)"
        runRoot = "/run/cbench/\(mode.runTag)-\(unique)"
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
    }

    /// What every command of this harness runs with: the private store and run root.
    var environment: [String: String] {
        var environment = [mode.storeVariable: store, mode.runVariable: runRoot]
        environmentOverrides.forEach { environment[$0.key] = $0.value }
        return environment
    }

    /// Runs `cbench VERB ARGS`; `wrapper` goes in front of the command (e.g. strace and its options).
    func run(_ arguments: [String], under wrapper: [String] = []) throws -> SpawnResult {
        let stamp = UInt32.random(in: 0...UInt32.max)
        let outPath = "\(store)/.out-\(stamp)", errPath = "\(store)/.err-\(stamp)"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        return try Spawn(wrapper + [binary, mode.verb] + arguments, environment: environment,
                         stdout: .file(outPath), stderr: .file(errPath)).run()
    }

    /// `cbench/NAME` in every cgroup hierarchy where it still exists.
    func cgroupLeftovers(_ path: String) -> [String] {
        let hierarchies = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? []
        return hierarchies.filter { FileManager.default.fileExists(atPath: "/sys/fs/cgroup/\($0)/\(path)") }
            .map { "cgroup \($0)/\(path)" }
    }

    /// Mounts below the private store.
    func mountLeftovers() -> [String] {
        let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return mountinfo.split(separator: "\n").filter { $0.contains(store) }.map { "mount \($0)" }
    }

    /// Checks the whole host (HostLeaks) once the product's own removal has run and before
    /// the forced clean of the store, so the forced clean cannot hide a leak.
    func expectNothingLeft(_ after: String, sourceLocation: SourceLocation = #_sourceLocation) {
        HostLeaks.expectNone(since: hostBefore, ownPaths: [store, runRoot], "by a \(mode.verb) test after \(after)",
                             sourceLocation: sourceLocation)
    }

    /// The store and the run root (empty by now), and /run/cbench when nothing else is in it.
    func removeStore() {
        try? FileManager.default.removeItem(atPath: store)
        ProjectDirectories.removeIfEmpty([runRoot])
    }
}
