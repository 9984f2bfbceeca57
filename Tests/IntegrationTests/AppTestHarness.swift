import Foundation
import NamespaceCore
import Targets
import Testing

/// Drives the built `cbench app` against a private store (/tmp/cbench-apptest-*) and run root
/// (/run/cbench/apptest-*), as a user of the CLI would. `tearDown` force-removes every
/// container it made, even after a failed expectation. Other helpers' app tests may use it.
struct AppTestHarness {
    let binary: String
    let root: String
    let runRoot: String
    let suffix: String
    var environmentOverrides: [String: String] = [:]

    typealias Outcome = SpawnResult

    static let busyboxRootfs = ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox"

    static var available: Bool {
        getuid() == 0 && OCITestHarness.builtExecutable("cbench") != nil
            && FileManager.default.fileExists(atPath: busyboxRootfs + "/bin/busybox")
    }

    /// The image the tests run: the busybox root file system imported into the private store.
    let image = "busybox:apptest"

    /// `binary`: another cbench than the one built beside the tests (a copy an attack may hit).
    init(_ name: String, binary: String? = nil) throws {
        guard let binary = binary ?? OCITestHarness.builtExecutable("cbench") else {
            throw CoreError(stage: "find cbench", detail: "build it first (swift build)")
        }
        self.binary = binary
        suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let unique = "\(name)-\(getpid())-\(suffix)"
        root = "/tmp/cbench-apptest-\(unique)"
        runRoot = "/run/cbench/apptest-\(unique)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let imported = try app(["import", Self.busyboxRootfs, image])
        guard imported.status == 0 else {
            try? FileManager.default.removeItem(atPath: root)
            throw CoreError(stage: "import busybox", detail: imported.stderr)
        }
    }

    /// A container name unique to this harness.
    func name(_ base: String) -> String { "\(base)-\(suffix)" }

    /// Runs `cbench app ARGS` with stdout and stderr in files (a detached supervisor must not
    /// hold a pipe of ours open).
    /// `wrapper` goes in front of the command (e.g. strace and its options).
    @discardableResult
    func app(_ arguments: [String], under wrapper: [String] = []) throws -> Outcome {
        let stamp = UInt32.random(in: 0...UInt32.max)
        let outPath = "\(root)/.out-\(stamp)", errPath = "\(root)/.err-\(stamp)"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        return try Spawn(wrapper + [binary, "app"] + arguments, environment: environment,
                         stdout: .file(outPath), stderr: .file(errPath)).run()
    }

    /// What every `cbench app` of this harness runs with: the private store and run root.
    var environment: [String: String] {
        var environment = ["CBENCH_APP_ROOT": root, "CBENCH_APP_RUN": runRoot]
        environmentOverrides.forEach { environment[$0.key] = $0.value }
        return environment
    }

    /// `cbench app ARGS`, expecting exit 0; returns stdout.
    @discardableResult
    func ok(_ arguments: [String]) throws -> String {
        let outcome = try app(arguments)
        #expect(outcome.status == 0, "cbench app \(arguments.joined(separator: " ")): \(outcome.stderr)")
        return outcome.stdout
    }

    /// The full ID of a container.
    func id(_ container: String) throws -> String {
        try inspect(container)["Id"] as? String ?? ""
    }

    /// What `inspect` says (docker's shape: an array of one object), as a dictionary.
    func inspect(_ container: String) throws -> [String: Any] {
        let text = try ok(["inspect", container])
        let array = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
        #expect(array?.count == 1, "inspect \(container) printed \(text)")
        return array?.first ?? [:]
    }

    /// Everything of the store still on the host: containers, names, run state, cgroups
    /// named after IDs seen, mounts below the store.
    func leftovers(ids: [String] = []) -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: "\(root)/containers")) ?? [] { found.append("container \(entry)") }
        for entry in (try? fm.contentsOfDirectory(atPath: "\(root)/names")) ?? [] { found.append("name \(entry)") }
        for entry in (try? fm.contentsOfDirectory(atPath: runRoot)) ?? [] { found.append("run state \(entry)") }
        for id in ids {
            for hierarchy in (try? fm.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? [] {
                let path = "/sys/fs/cgroup/\(hierarchy)/cbench/app-\(id.prefix(12))"
                if fm.fileExists(atPath: path) { found.append("cgroup \(path)") }
            }
        }
        let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        found += mountinfo.split(separator: "\n").filter { $0.contains(root) }.map { "mount \($0)" }
        return found
    }

    func tearDown() {
        let ids = ((try? app(["ps", "-a", "-q"]))?.stdout ?? "").split(separator: "\n").map(String.init)
        for id in ids { _ = try? app(["rm", "-f", id]) }
        try? FileManager.default.removeItem(atPath: root)
        rmdir(runRoot)
        if let host = try? CgroupHost.current() { Cgroup.removeEmptyProjectParents(host: host) }
        rmdir("/run/cbench")
    }
}
