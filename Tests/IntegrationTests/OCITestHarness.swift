import Foundation
import Testing
import NamespaceCore

/// Drives the built `cbench-oci` binary against bundles on the busybox root filesystem,
/// with a private state root, as a user of the CLI would. `tearDown` deletes what it made with
/// `delete --force`, checks that nothing is left on the whole host, then removes its directories.
struct OCITestHarness {
    let stateRoot: String
    let workDir: String
    let binary: String
    let rootfs: String
    let probe: String?
    let suffix: String
    /// The host's leftovers when the harness was made (HostLeaks), for the check in tear-down.
    let hostBefore: Set<String>

    typealias Outcome = SpawnResult

    /// A container id unique to this harness, so a crashed earlier run's cgroup cannot collide.
    func id(_ name: String) -> String { "\(name)-\(suffix)" }

    /// `binary`: another cbench-oci than the one built beside the tests (a copy an attack may hit).
    init(_ name: String, binary: String? = nil) throws {
        // Orphans of `create` come back to the test process, which reaps them.
        try ProcessLiveness.becomeSubreaper()
        guard let binary = binary ?? OCITestHarness.builtExecutable("cbench-oci") else {
            throw CoreError(stage: "find cbench-oci", detail: "build it first (swift build)")
        }
        self.binary = binary
        hostBefore = HostLeaks.current()
        rootfs = ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox"
        probe = ProbeLocator.find()
        suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let unique = "\(name)-\(getpid())-\(suffix)"
        stateRoot = "/run/cbench/test-oci-\(unique)"
        workDir = "/tmp/cbench-itest-\(unique)"
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
    }

    static var available: Bool {
        getuid() == 0 && builtExecutable("cbench-oci") != nil
            && FileManager.default.fileExists(atPath: (ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox") + "/bin/sh")
    }

    /// The executable built beside the test bundle (.build/CONFIG/NAME).
    static func builtExecutable(_ name: String) -> String? {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var dir = (exe as NSString).deletingLastPathComponent
        for _ in 0..<4 {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// A bundle whose config is `cbench-oci spec`'s default with `args`, a read-only busybox
    /// root, the probe mounted at /cbench-probe, and `edit` applied to the JSON object.
    func bundle(_ name: String, args: [String], edit: (inout [String: Any]) -> Void = { _ in }) throws -> String {
        let dir = workDir + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let spec = try oci(["spec", "--bundle", dir])
        #expect(spec.status == 0, "cbench-oci spec: \(spec.stderr)")
        let url = URL(fileURLWithPath: dir + "/config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        config["root"] = ["path": rootfs, "readonly": true]
        var process = config["process"] as? [String: Any] ?? [:]
        process["args"] = args
        config["process"] = process
        if let probe {
            var mounts = config["mounts"] as? [[String: Any]] ?? []
            mounts.append(["destination": "/cbench-probe", "type": "bind", "source": probe, "options": ["bind", "ro"]])
            config["mounts"] = mounts
        }
        edit(&config)
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted]).write(to: url)
        return dir
    }

    /// Runs `cbench-oci` with stdout and stderr in files: a created container inherits them
    /// and may hold them open long after the command returned.
    @discardableResult
    func oci(_ arguments: [String], stdinPath: String = "/dev/null") throws -> Outcome {
        let stamp = UInt32.random(in: 0...UInt32.max)
        let outPath = "\(workDir)/out-\(stamp)", errPath = "\(workDir)/err-\(stamp)"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        return try Spawn([binary, "--root", stateRoot] + arguments, stdinPath: stdinPath,
                         stdout: .file(outPath), stderr: .file(errPath)).run()
    }

    func state(_ id: String) throws -> [String: Any] {
        let outcome = try oci(["state", id])
        guard outcome.status == 0, let data = outcome.stdout.data(using: .utf8) else { return [:] }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Reaps an orphaned container init that came back to us as subreaper.
    func reap(_ pid: Int32) {
        var status: Int32 = 0
        for _ in 0..<200 {
            if waitpid(pid, &status, WNOHANG) != 0 { return }
            usleep(10_000)
        }
    }

    /// Waits for an orphaned container init that came back to us (a subreaper) to exit and
    /// reaps it; its wait status, nil when it is not our child.
    func waitStatus(_ pid: Int32) -> Int32? {
        var status: Int32 = 0
        while true {
            if waitpid(pid, &status, 0) == pid { return status }
            if errno != EINTR { return nil }
        }
    }

    /// Everything the project left for this harness: state entries and cgroups named for its ids.
    func leftovers(ids: [String]) -> [String] {
        var found: [String] = []
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: stateRoot)) ?? []
        found += entries.map { "state \($0)" }
        for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? [] {
            for id in ids where FileManager.default.fileExists(atPath: "/sys/fs/cgroup/\(hierarchy)/cbench/oci-\(id)") {
                found.append("cgroup \(hierarchy)/cbench/oci-\(id)")
            }
        }
        let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        found += mountinfo.split(separator: "\n").filter { $0.contains(workDir) || $0.contains(stateRoot) }.map { "mount \($0)" }
        return found
    }

    /// Checks the whole host (HostLeaks) once its containers are deleted and before the
    /// harness's own directories are removed, so that removal cannot hide a leak.
    func expectNothingLeft(_ after: String, sourceLocation: SourceLocation = #_sourceLocation) {
        HostLeaks.expectNone(since: hostBefore, ownPaths: [workDir, stateRoot], "by a cbench-oci test after \(after)",
                             sourceLocation: sourceLocation)
    }

    func tearDown() {
        for id in (try? FileManager.default.contentsOfDirectory(atPath: stateRoot)) ?? [] {
            _ = try? oci(["delete", "--force", id])
        }
        // The whole host first, then the forced clean of the harness's own directories.
        expectNothingLeft("delete --force of its containers")
        ProjectDirectories.removeIfEmpty([stateRoot])
        try? FileManager.default.removeItem(atPath: workDir)
    }
}
