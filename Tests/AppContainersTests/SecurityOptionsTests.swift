import Foundation
import Testing
import NamespaceCore
@testable import AppContainers

@Suite struct SecurityOptionsTests {
    private func baseSpec() -> LaunchSpec {
        var spec = LaunchSpec(args: ["/bin/true"])
        spec.rootfs = RootfsSpec(.directory("/var/lib/cbench/rootfs/busybox"))
        spec.mounts = [MountSpec(destination: "/data", type: "bind", source: "/srv", options: ["rbind"])]
        return spec
    }

    @Test func defaultsFillTheSpec() throws {
        var spec = baseSpec()
        try AppSecurityOptions().apply(to: &spec, cache: nil)
        #expect(spec.capabilities == AppSecurity.defaultCapabilities)
        #expect((spec.seccomp?.instructionCount ?? 0) > 100)
        #expect(spec.maskedPaths == AppSecurity.maskedPaths)
        #expect(spec.readonlyPaths == AppSecurity.readonlyPaths)
        #expect(spec.mounts.map(\.destination) == ["/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm", "/data"])
        #expect(spec.mounts.first { $0.type == "devpts" }?.options.contains("ptmxmode=0666") == true)
        #expect(spec.mounts.first { $0.destination == "/dev/shm" }?.options.contains("size=67108864") == true)
        #expect(spec.mounts.first { $0.type == "sysfs" }?.options.contains("ro") == true)
        #expect(spec.rootfs?.readonly == false)
        #expect(!spec.noNewPrivileges)
    }

    @Test func flagsChangeTheSpec() throws {
        var spec = baseSpec()
        let options = try AppSecurityOptions(capDrop: ["ALL"], seccomp: .unconfined, readOnlyRoot: true, noNewPrivileges: true)
        try options.apply(to: &spec, cache: nil)
        #expect(spec.capabilities == CapabilitySets())
        #expect(spec.seccomp == nil)
        #expect(spec.rootfs?.readonly == true)
        #expect(spec.noNewPrivileges)
    }

    @Test func nonRootUserKeepsOnlyTheBoundingSet() throws {
        var spec = baseSpec()
        spec.user = UserSpec(uid: 1000, gid: 1000)
        try AppSecurityOptions(seccomp: .unconfined).apply(to: &spec, cache: nil)
        #expect(spec.capabilities?.bounding == AppSecurity.defaultCapabilitySet)
        #expect(spec.capabilities?.effective.isEmpty == true && spec.capabilities?.permitted.isEmpty == true)
    }

    @Test func aMountTheCallerSetWinsOverTheDefault() throws {
        var spec = baseSpec()
        spec.mounts.append(MountSpec(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["size=1m"]))
        try AppSecurityOptions(seccomp: .unconfined).apply(to: &spec, cache: nil)
        #expect(spec.mounts.filter { $0.destination == "/dev/shm" }.map(\.options) == [["size=1m"]])
    }

    @Test func badProfileLeavesTheSpecUntouched() throws {
        var spec = baseSpec()
        let before = spec
        let options = try AppSecurityOptions(seccomp: .file("/nonexistent/apptest-seccomp.json"))
        #expect(throws: CoreError.self) { try options.apply(to: &spec, cache: nil) }
        #expect(spec == before)
    }

    @Test func initWrapsTheCommand() {
        var spec = baseSpec()
        AppInit.apply(to: &spec, binary: "/work/.build/cbench-init")
        #expect(spec.args == ["/sbin/cbench-init", "--", "/bin/true"])
        #expect(spec.mounts.last == MountSpec(destination: "/sbin/cbench-init", type: "bind",
                                               source: "/work/.build/cbench-init", options: ["bind", "ro", "nosuid", "nodev"]))
    }
}
