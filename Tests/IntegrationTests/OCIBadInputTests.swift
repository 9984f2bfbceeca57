import Foundation
import Testing
import NamespaceCore

/// Each bad input gets one clear line naming the problem, a non-zero exit, and nothing left.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCIBadInputTests {
    func expectRefused(_ name: String, message: String, edit: @escaping (inout [String: Any]) -> Void,
                       rawConfig: String? = nil) throws {
        let h = try OCITestHarness(name)
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["true"], edit: edit)
        if let rawConfig {
            try rawConfig.write(toFile: bundle + "/config.json", atomically: false, encoding: .utf8)
        }
        let outcome = try h.oci(["run", "--bundle", bundle, h.id(name)])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(message), "stderr was: \(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("cbench-oci: "))
        #expect(h.leftovers(ids: [h.id(name)]).isEmpty)
    }

    @Test func missingRootfs() throws {
        try expectRefused("norootfs", message: "root.path") { config in
            config["root"] = ["path": "/nonexistent/cbench-rootfs"]
        }
    }

    @Test func malformedConfig() throws {
        try expectRefused("malformed", message: "line 2", edit: { _ in },
                          rawConfig: "{\n  \"ociVersion\" \"1.0.2\"\n}\n")
    }

    @Test func unknownNamespace() throws {
        try expectRefused("unknownns", message: "'foo' is not one of") { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            var namespaces = linux["namespaces"] as? [[String: Any]] ?? []
            namespaces.append(["type": "foo"])
            linux["namespaces"] = namespaces
            config["linux"] = linux
        }
    }

    @Test func duplicatedNamespace() throws {
        try expectRefused("dupns", message: "'pid' is listed twice (also at linux.namespaces[") { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            var namespaces = linux["namespaces"] as? [[String: Any]] ?? []
            namespaces.append(["type": "pid"])
            linux["namespaces"] = namespaces
            config["linux"] = linux
        }
    }

    @Test func cwdThroughProcSelfFd() throws {
        try expectRefused("cwdescape", message: "chdir /proc/self/fd/3") { config in
            var process = config["process"] as? [String: Any] ?? [:]
            process["cwd"] = "/proc/self/fd/3"
            config["process"] = process
        }
    }

    @Test func missingExecutable() throws {
        try expectRefused("noexec", message: "ENOENT") { config in
            var process = config["process"] as? [String: Any] ?? [:]
            process["args"] = ["/no/such/binary"]
            config["process"] = process
        }
    }

    /// Settings this host cannot honour (no LSM, no net_cls/net_prio, no kmem, no resctrl)
    /// are refused at create by name, as runc and crun refuse them here.
    @Test(arguments: [
        ("apparmor", "process.apparmorProfile cannot be honoured", #"{"process": {"apparmorProfile": "docker-default"}}"#),
        ("selinux", "process.selinuxLabel cannot be honoured", #"{"process": {"selinuxLabel": "system_u:system_r:container_t:s0"}}"#),
        ("mountlabel", "linux.mountLabel cannot be honoured", #"{"linux": {"mountLabel": "system_u:object_r:container_file_t:s0"}}"#),
        ("netcls", "linux.resources.network.classID cannot be honoured", #"{"linux": {"resources": {"network": {"classID": 1048577}}}}"#),
        ("netprio", "linux.resources.network.priorities cannot be honoured", #"{"linux": {"resources": {"network": {"priorities": [{"name": "lo", "priority": 2}]}}}}"#),
        ("kmem", "linux.resources.memory.kernel cannot be honoured", #"{"linux": {"resources": {"memory": {"kernel": 104857600}}}}"#),
        ("rdt", "linux.intelRdt cannot be honoured", #"{"linux": {"intelRdt": {"l3CacheSchema": "L3:0=f"}}}"#),
        ("rt", "linux.resources.cpu.realtimeRuntime cannot be honoured", #"{"linux": {"resources": {"cpu": {"realtimeRuntime": 1000}}}}"#),
        ("version", "ociVersion '1.3.0' is not a version this runtime understands", #"{"ociVersion": "1.3.0"}"#),
    ])
    func unhonourableSettingIsRefused(name: String, message: String, overlay: String) throws {
        let extra = try JSONSerialization.jsonObject(with: Data(overlay.utf8)) as? [String: Any] ?? [:]
        try expectRefused(name, message: message) { config in config.merge(deeply: extra) }
    }

    /// blkio.weight exists only with a weight-aware I/O scheduler: applied where it is,
    /// refused by name where it is not, never dropped.
    @Test func blockIOWeightIsAppliedOrRefused() throws {
        let h = try OCITestHarness("blkio")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["cat", "/proc/self/cgroup"]) { config in
            config.merge(deeply: ["linux": ["resources": ["blockIO": ["weight": 500]]]])
        }
        // What the host offers decides the answer, read here apart from cbench-oci: the weight
        // files of a fresh cgroup of its own (a root cgroup never has them; BFQ's show only
        // below it) in the blkio hierarchy (v1 and hybrid) or the cgroup2 tree (v2).
        let layout = try CgroupHost.current().layout
        let (hierarchy, files) = layout.mode == .v2
            ? (try #require(layout.unified).mountPoint, ["io.weight", "io.bfq.weight"])
            : (try #require(layout.v1Hierarchy(for: "blkio"), "no blkio hierarchy").mountPoint, ["blkio.weight", "blkio.bfq.weight"])
        let root = "\(hierarchy)/cbench/blkio-weight-check-\(getpid())"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let weighted = files.contains { FileManager.default.fileExists(atPath: "\(root)/\($0)") }
        rmdir(root)
        let outcome = try h.oci(["run", "--bundle", bundle, h.id("blkio")])
        if weighted {
            #expect(outcome.status == 0, "\(root) has a weight file: \(outcome.stderr)")
            #expect(outcome.stdout.contains("/cbench/oci-\(h.id("blkio"))"), "\(outcome.stdout)")
        } else {
            #expect(outcome.status != 0, "\(root) has none of \(files)")
            #expect(outcome.stderr.contains("linux.resources.blockIO.weight cannot be honoured: this host's"), "stderr was: \(outcome.stderr)")
        }
        #expect(h.leftovers(ids: [h.id("blkio")]).isEmpty)
    }

    /// swappiness, disableOOMKiller and kernelTCP reach the container's v1 memory cgroup
    /// (refused by name where the file is missing or on v2).
    @Test func memoryExtrasReachTheCgroup() throws {
        let h = try OCITestHarness("memx")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["sleep", "30"]) { config in
            config.merge(deeply: ["linux": ["resources": ["memory": ["swappiness": 7, "disableOOMKiller": true, "kernelTCP": 4_194_304]]]])
        }
        let id = h.id("memx")
        let created = try h.oci(["create", "--bundle", bundle, id])
        let memory = "/sys/fs/cgroup/memory/cbench/oci-\(id)"
        if FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/memory.swappiness") {
            #expect(created.status == 0, "stderr: \(created.stderr)")
            #expect(((try? String(contentsOfFile: memory + "/memory.swappiness", encoding: .utf8)) ?? "").hasPrefix("7"))
            #expect(((try? String(contentsOfFile: memory + "/memory.oom_control", encoding: .utf8)) ?? "").contains("oom_kill_disable 1"))
            #expect(((try? String(contentsOfFile: memory + "/memory.kmem.tcp.limit_in_bytes", encoding: .utf8)) ?? "").hasPrefix("4194304"))
        } else {
            #expect(created.status != 0 && created.stderr.contains("linux.resources.memory.swappiness cannot be honoured"))
        }
        _ = try h.oci(["delete", "--force", id])
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    @Test func versionAndFeaturesNameTheRuntimeSpec() throws {
        let h = try OCITestHarness("features")
        defer { h.tearDown() }
        let version = try h.oci(["--version"])
        #expect(version.stdout.contains("spec: 1.0.2"))
        let features = try h.oci(["features"])
        let document = try JSONSerialization.jsonObject(with: Data(features.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(document["ociVersionMin"] as? String == "1.0.0")
        #expect(document["ociVersionMax"] as? String == "1.1.0")
        let linux = document["linux"] as? [String: Any] ?? [:]
        #expect((linux["namespaces"] as? [String])?.contains("mount") == true)
        #expect((linux["apparmor"] as? [String: Bool])?["enabled"] == false)
    }

    /// Every command that takes an id says the same of one never created, on one line.
    @Test(arguments: [["state", "ID"], ["kill", "ID"], ["kill", "ID", "SIGTERM"], ["delete", "ID"], ["start", "ID"]])
    func unknownContainer(command: [String]) throws {
        let h = try OCITestHarness("unknown")
        defer { h.tearDown() }
        let id = h.id("never-created")
        let arguments = command.map { $0 == "ID" ? id : $0 }
        let outcome = try h.oci(arguments)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("does not exist"), "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    /// `spec` never overwrites a bundle's config.json: it names the file and the fix, and the
    /// file is as it was.
    @Test func specOverAnExistingConfigIsRefused() throws {
        let h = try OCITestHarness("specagain")
        defer { h.tearDown() }
        let bundle = h.workDir + "/b"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        let mine = "{\"ociVersion\": \"mine\"}\n"
        try mine.write(toFile: bundle + "/config.json", atomically: false, encoding: .utf8)
        let outcome = try h.oci(["spec", "--bundle", bundle])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("\(bundle)/config.json already exists; remove it first"), "\(outcome.stderr)")
        #expect(try String(contentsOfFile: bundle + "/config.json", encoding: .utf8) == mine)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Merges `other` into self, descending into nested objects (the other side wins).
    mutating func merge(deeply other: [String: Any]) {
        for (key, value) in other {
            if let inner = value as? [String: Any], var mine = self[key] as? [String: Any] {
                mine.merge(deeply: inner)
                self[key] = mine
            } else {
                self[key] = value
            }
        }
    }
}
