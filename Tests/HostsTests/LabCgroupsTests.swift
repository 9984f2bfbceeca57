import Testing
@testable import Hosts
import NamespaceCore
import NamespaceCoreTesting

@Suite struct LabCgroupsTests {
    let lab2 = LabHostPlan(name: "lab2", address: IPv4Prefix(IPv4Address(10, 251, 0, 3), length: 24))

    /// On a hybrid host (this project's machines) the lab host gets cbench/lab/lab2 in every v1
    /// hierarchy and in the cgroup2 tree, cpuset copied down level by level.
    @Test func hybridCreatesEveryHierarchyAndInheritsCpuset() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid, joinedCpu: false)
        fs.setFile("/sys/fs/cgroup/cpuset/cpuset.cpus", "0-1\n")
        fs.setFile("/sys/fs/cgroup/cpuset/cpuset.mems", "0\n")
        try LabCgroups(host: host).create(lab2)
        for hierarchy in host.layout.allHierarchies {
            #expect(fs.isDirectory(hierarchy.mountPoint + "/cbench/lab/lab2"), "\(hierarchy.mountPoint)")
        }
        #expect(fs.contents("/sys/fs/cgroup/cpuset/cbench/lab/lab2/cpuset.cpus") == "0-1")
        #expect(fs.contents("/sys/fs/cgroup/cpuset/cbench/lab/cpuset.mems") == "0")
        // A second lab host shares the parents.
        try LabCgroups(host: host).create(LabHostPlan(name: "lab3", address: lab2.address))
        #expect(fs.isDirectory("/sys/fs/cgroup/memory/cbench/lab/lab3"))
    }

    @Test func existingHostCgroupIsAnError() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.hybrid)
        try LabCgroups(host: host).create(lab2)
        #expect { try LabCgroups(host: host).create(lab2) } throws: {
            "\($0)".contains("EEXIST") && "\($0)".contains("cbench lab down") && "\($0)".contains("cbench cleanup")
        }
    }

    /// Placement: v1 tasks files and the cgroup2 directory. Mounts: a tmpfs over /sys/fs/cgroup,
    /// then every hierarchy again with its controllers (named ones with `none`), at the same
    /// mount points, so the core's layout detection finds the host's mode again inside.
    @Test func hybridPlacementAndMounts() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.hybrid, joinedCpu: true)
        let cgroups = LabCgroups(host: host)
        let placement = cgroups.placement(lab2)
        #expect(placement.unifiedDirectory == "/sys/fs/cgroup/unified/cbench/lab/lab2")
        #expect(placement.taskFiles.contains("/sys/fs/cgroup/memory/cbench/lab/lab2/tasks"))
        #expect(placement.taskFiles.count == host.layout.v1Hierarchies.count)
        let mounts = cgroups.mounts()
        #expect(mounts.first == MountSpec(destination: "/sys/fs/cgroup", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec", "mode=755"]))
        #expect(mounts.contains(MountSpec(destination: "/sys/fs/cgroup/unified", type: "cgroup2", source: "cgroup2", options: ["nosuid", "nodev", "noexec"])))
        let systemd = try #require(mounts.first { $0.destination == "/sys/fs/cgroup/systemd" })
        #expect(systemd.options.suffix(2) == ["none", "name=systemd"])
        let cpu = try #require(mounts.first { $0.options.contains("cpu") })
        #expect(cpu.options.contains("cpuacct"))

        // What the mounts give inside: the same mountinfo shape, so the same layout.
        var lines = ["31 24 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw"]
        for (index, mount) in mounts.dropFirst().enumerated() {
            let options = (["rw"] + mount.options.filter { !["nosuid", "nodev", "noexec", "none"].contains($0) }).joined(separator: ",")
            lines.append("\(40 + index) 31 0:\(40 + index) / \(mount.destination) rw - \(mount.type) \(mount.source) \(options)")
        }
        let inside = try CgroupLayout(mountinfo: lines.joined(separator: "\n"))
        #expect(inside.mode == .hybrid)
        #expect(inside.v1Hierarchies.map(\.mountPoint).sorted() == host.layout.v1Hierarchies.map(\.mountPoint).sorted())
        #expect(inside.unified?.mountPoint == "/sys/fs/cgroup/unified")
    }

    @Test func pureV2MountsOneTreeUnderAFreshParent() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroups = LabCgroups(host: host)
        try cgroups.create(lab2)
        #expect(fs.isDirectory("/sys/fs/cgroup/cbench/lab/lab2"))
        #expect(cgroups.placement(lab2) == CgroupPlacement(taskFiles: [], unifiedDirectory: "/sys/fs/cgroup/cbench/lab/lab2"))
        #expect(cgroups.mounts().map(\.destination) == ["/sys/fs", "/sys/fs/cgroup"])
    }
}
