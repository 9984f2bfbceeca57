import Foundation
import Testing
import NamespaceCore

/// A second container joins the first one's namespaces by path (`linux.namespaces[].path`),
/// one type at a time, the mount namespace included; what its process reads from
/// /proc/self/ns inside is the first container's namespace, and not the host's.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCINamespaceJoinTests {
    /// (OCI type, /proc/PID/ns name); time only where the kernel has time namespaces.
    static let kinds: [(type: String, proc: String)] = {
        let all = [("network", "net"), ("ipc", "ipc"), ("uts", "uts"), ("pid", "pid"), ("user", "user"),
                   ("cgroup", "cgroup"), ("mount", "mnt"), ("time", "time")]
        return all.filter { FileManager.default.fileExists(atPath: "/proc/self/ns/\($0.1)") }
    }()

    static func link(_ path: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "unreadable \(path)"
    }

    /// The first container: every namespace new, root mapped to 100000 in its user namespace.
    static func startFirst(_ h: OCITestHarness) throws -> Int {
        let bundle = try h.bundle("first", args: ["sleep", "60"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["namespaces"] = ["pid", "network", "ipc", "uts", "mount", "user", "cgroup"].map { ["type": $0] }
                + (kinds.contains { $0.type == "time" } ? [["type": "time"]] : [])
            linux["uidMappings"] = [["containerID": 0, "hostID": 100000, "size": 65536]]
            linux["gidMappings"] = [["containerID": 0, "hostID": 100000, "size": 65536]]
            config["linux"] = linux
        }
        let started = try h.oci(["run", "--detach", "--bundle", bundle, h.id("first")])
        #expect(started.status == 0, "stderr: \(started.stderr)")
        return (try h.state(h.id("first")))["pid"] as? Int ?? 0
    }

    /// The second container's namespaces: the default ones, with `joined` (type -> path) taken by path.
    static func namespaces(joining joined: [String: String]) -> [[String: Any]] {
        var list: [[String: Any]] = ["pid", "network", "ipc", "uts", "mount"].map { type in
            joined[type].map { ["type": type, "path": $0] } ?? ["type": type]
        }
        for (type, path) in joined.sorted(by: { $0.key < $1.key }) where !list.contains(where: { $0["type"] as? String == type }) {
            list.append(["type": type, "path": path])
        }
        return list
    }

    @Test func eachNamespaceTypeIsJoinedByPath() throws {
        let h = try OCITestHarness("join")
        defer { h.tearDown() }
        let first = try Self.startFirst(h)
        try #require(first > 0)
        for kind in Self.kinds {
            let firstLink = Self.link("/proc/\(first)/ns/\(kind.proc)")
            #expect(firstLink != Self.link("/proc/self/ns/\(kind.proc)"), "the first container's \(kind.type) namespace is the host's")
            // /proc inside a joined mount namespace is the first container's, which shows only its pid namespace.
            var joined = [kind.type: "/proc/\(first)/ns/\(kind.proc)"]
            if kind.type == "mount" { joined["pid"] = "/proc/\(first)/ns/pid" }
            let bundle = try h.bundle("second-\(kind.type)", args: ["readlink", "/proc/self/ns/\(kind.proc)"]) { config in
                var linux = config["linux"] as? [String: Any] ?? [:]
                linux["namespaces"] = Self.namespaces(joining: joined)
                config["linux"] = linux
            }
            let second = try h.oci(["run", "--bundle", bundle, h.id("second-\(kind.type)")])
            #expect(second.status == 0, "\(kind.type): stderr \(second.stderr)")
            #expect(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == firstLink,
                    "\(kind.type): the second container saw \(second.stdout), the first is in \(firstLink)")
        }
        _ = try h.oci(["delete", "--force", h.id("first")])
        #expect(h.leftovers(ids: [h.id("first")] + Self.kinds.map { h.id("second-\($0.type)") }).isEmpty)
    }

    /// A joined mount namespace is the first container's: its root, its /proc and a file it made.
    @Test func aJoinedMountNamespaceSeesTheFirstContainersFiles() throws {
        let h = try OCITestHarness("joinmnt")
        defer { h.tearDown() }
        let bundle = try h.bundle("first", args: ["sh", "-c", "mount -t tmpfs marker /mnt && echo made-in-first > /mnt/marker && sleep 60"]) { config in
            config.merge(deeply: ["process": ["capabilities": ["bounding": ["CAP_SYS_ADMIN"], "effective": ["CAP_SYS_ADMIN"], "permitted": ["CAP_SYS_ADMIN"], "ambient": [String]()]]])
        }
        let started = try h.oci(["run", "--detach", "--bundle", bundle, h.id("first")])
        #expect(started.status == 0, "stderr: \(started.stderr)")
        let first = (try h.state(h.id("first")))["pid"] as? Int ?? 0
        try #require(first > 0)
        var made = false
        for _ in 0..<200 where !made {
            made = FileManager.default.fileExists(atPath: "/proc/\(first)/root/mnt/marker")
            if !made { usleep(10_000) }
        }
        try #require(made)
        let second = try h.bundle("second", args: ["cat", "/mnt/marker"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["namespaces"] = Self.namespaces(joining: ["mount": "/proc/\(first)/ns/mnt", "pid": "/proc/\(first)/ns/pid"])
            config["linux"] = linux
        }
        let outcome = try h.oci(["run", "--bundle", second, h.id("second")])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        #expect(outcome.stdout == "made-in-first\n")
        // The host's mount table did not get the marker: it lives in the first container's namespace only.
        let hostMounts = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        #expect(!hostMounts.contains(" marker "))
        _ = try h.oci(["delete", "--force", h.id("first")])
        #expect(h.leftovers(ids: [h.id("first"), h.id("second")]).isEmpty)
    }

    @Test func aPathOfAnotherTypeIsAnErrorNamingIt() throws {
        let h = try OCITestHarness("joinwrong")
        defer { h.tearDown() }
        let first = try Self.startFirst(h)
        try #require(first > 0)
        let bundle = try h.bundle("second", args: ["true"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["namespaces"] = Self.namespaces(joining: ["ipc": "/proc/\(first)/ns/net"])
            config["linux"] = linux
        }
        let outcome = try h.oci(["run", "--bundle", bundle, h.id("second")])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("/proc/\(first)/ns/net") && outcome.stderr.contains("EINVAL"), "stderr was: \(outcome.stderr)")
        _ = try h.oci(["delete", "--force", h.id("first")])
        #expect(h.leftovers(ids: [h.id("first"), h.id("second")]).isEmpty)
    }

    @Test func noMountNamespaceIsRefusedCitingTheSpec() throws {
        let h = try OCITestHarness("nomnt")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["true"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["namespaces"] = ["pid", "network", "ipc", "uts"].map { ["type": $0] }
            config["linux"] = linux
        }
        let outcome = try h.oci(["run", "--bundle", bundle, h.id("nomnt")])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("linux.namespaces has no mount namespace") && outcome.stderr.contains("runtime-spec config-linux.md"),
                "stderr was: \(outcome.stderr)")
        #expect(h.leftovers(ids: [h.id("nomnt")]).isEmpty)
    }
}
