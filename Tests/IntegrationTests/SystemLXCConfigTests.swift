import Foundation
import Testing
import NamespaceCore
import SystemContainers

/// The config `lxc-create -t busybox` writes, generated for real and loaded.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/lxc-create"),
                             "needs root and lxc"))
struct SystemLXCConfigTests {
    @Test func busyboxTemplateConfigOfRealLXCLoads() throws {
        var template = Array("/tmp/cbench-lxc-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let directory = String(cString: try #require(made))
        defer {
            _ = HostCommandRunner().run(["lxc-destroy", "-P", directory, "-n", "x"])
            try? FileManager.default.removeItem(atPath: directory)
            // LXC keeps a lock directory per container path under /run/lxc/lock.
            try? FileManager.default.removeItem(atPath: "/run/lxc/lock\(directory)")
        }
        let created = try #require(HostCommandRunner().run(["lxc-create", "-P", directory, "-n", "x", "-t", "busybox"]))
        try #require(created.status == 0, "lxc-create: \(created.output)")

        let config = try LXCConfig.load(path: "\(directory)/x/config")
        #expect(config.utsName == "x")
        #expect(config.rootfsPath == "\(directory)/x/rootfs")
        #expect(config.networks[0]?.type == .veth)
        #expect(config.haltSignal == SIGUSR1)
        // The template's own lines; LXC's shared defaults are in common.conf (below).
        #expect(Set(["sys_module", "mac_admin", "mac_override", "sys_time"]).isSubset(of: Set(config.capDrop)))
        #expect(config.mountAuto == LXCMountAuto(proc: .mixed, sys: .ro, cgroup: .mixed))
        #expect(config.ttyMax == 5)
        #expect(config.ignoredEntries.contains { $0.key == "lxc.apparmor.profile" })
        #expect(config.mountEntries.contains { $0.target == "dev/shm" && $0.type == "tmpfs" })
        let devices = try config.cgroupResources(for: .hybrid).devices
        #expect(devices.first == CgroupDeviceRule(allow: false))
        #expect(devices.contains(CgroupDeviceRule(allow: true, kind: .char, major: 10, minor: 229)))
    }

    /// LXC's shared defaults, with its include of a directory. Its drop list is ours but for
    /// net_raw, which ours drops beyond LXC's (no raw sockets by default).
    @Test func commonConfOfLXCLoads() throws {
        let config = try LXCConfig.load(path: "/usr/share/lxc/config/common.conf")
        #expect(Set(SystemSecurity.defaultCapabilityDrop).subtracting(["net_raw"]).isSubset(of: Set(config.capDrop)))
        #expect(!config.capDrop.contains("net_raw"))
        #expect(config.mountAuto == LXCMountAuto(proc: .mixed, sys: .mixed, cgroup: .mixed))
        #expect(config.seccompProfile == "/usr/share/lxc/config/common.seccomp")
        let devices = try config.cgroupResources(for: .hybrid).devices
        #expect(devices.first == CgroupDeviceRule(allow: false))
        #expect(devices.contains(CgroupDeviceRule(allow: true, kind: .char, major: 136, minor: nil)))
        #expect(try config.cgroupResources(for: .v2).devices == devices)
        for file in ["userns.conf", "nesting.conf"] {
            #expect((try? LXCConfig.load(path: "/usr/share/lxc/config/\(file)")) != nil, "\(file)")
        }
    }
}
