import Foundation
import Testing
import NamespaceCore

/// `linux.resources.hugepageLimits` reaches the container's hugetlb cgroup, which goes with the
/// container; a page size the kernel lacks is refused at create by name, leaving nothing.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCIHugetlbTests {
    static let hugetlbMount = "/sys/fs/cgroup/hugetlb"

    @Test func limitIsReadBackFromTheContainersCgroup() throws {
        let h = try OCITestHarness("huge")
        defer { h.tearDown() }
        let id = h.id("huge")
        let bundle = try h.bundle("b", args: ["cat", "/proc/self/cgroup"]) { config in
            config.merge(deeply: ["linux": ["resources": ["hugepageLimits": [["pageSize": "2MB", "limit": 4_194_304]]]]])
        }
        let created = try h.oci(["create", "--bundle", bundle, id])
        #expect(created.status == 0, "stderr: \(created.stderr)")
        let limitFile = "\(Self.hugetlbMount)/cbench/oci-\(id)/hugetlb.2MB.limit_in_bytes"
        #expect(((try? String(contentsOfFile: limitFile, encoding: .utf8)) ?? "") == "4194304\n")
        // The container's process is in that cgroup.
        let pid = (try h.state(id))["pid"] as? Int ?? 0
        let cgroups = (try? String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)) ?? ""
        #expect(cgroups.split(separator: "\n").contains { $0.hasSuffix(":hugetlb:/cbench/oci-\(id)") }, "\(cgroups)")
        let deleted = try h.oci(["delete", "--force", id])
        #expect(deleted.status == 0, "stderr: \(deleted.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(Self.hugetlbMount)/cbench/oci-\(id)"))
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    @Test func aContainerWithoutLimitsStaysOutOfTheHugetlbHierarchy() throws {
        let h = try OCITestHarness("nohuge")
        defer { h.tearDown() }
        let id = h.id("nohuge")
        let created = try h.oci(["create", "--bundle", try h.bundle("b", args: ["true"]), id])
        #expect(created.status == 0, "stderr: \(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/cbench/oci-\(id)"))
        #expect(!FileManager.default.fileExists(atPath: "\(Self.hugetlbMount)/cbench/oci-\(id)"))
        _ = try h.oci(["delete", "--force", id])
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    @Test(arguments: ["3MB", "2M", "../2MB"])
    func aPageSizeTheHostLacksIsRefusedByName(size: String) throws {
        let h = try OCITestHarness("badhuge")
        defer { h.tearDown() }
        let id = h.id("badhuge")
        let bundle = try h.bundle("b", args: ["true"]) { config in
            config.merge(deeply: ["linux": ["resources": ["hugepageLimits": [["pageSize": size, "limit": 4_194_304]]]]])
        }
        let outcome = try h.oci(["run", "--bundle", bundle, id])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("linux.resources.hugepageLimits[0].pageSize '\(size)' is not a huge page size of this host (it has \(CgroupHugepageLimit.hostPageSizes().joined(separator: ", ")))"),
                "stderr was: \(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(h.leftovers(ids: [id]).isEmpty)
    }
}
