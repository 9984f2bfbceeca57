import Testing
@testable import NamespaceCore

/// `allowPingForAllGroups`: the ping sysctl goes only into a network namespace the launch makes,
/// with a range the kernel accepts from the writer's user namespace.
@Suite struct LaunchSpecPingTests {
    private func spec(_ kinds: [NamespaceKind], proc: Bool = true) -> LaunchSpec {
        var spec = LaunchSpec(args: ["/bin/true"])
        spec.namespaces = kinds.map { NamespaceSpec($0) }
        spec.rootfs = RootfsSpec(.directory("/r"))
        if proc { spec.mounts = [MountSpec(destination: "/proc", type: "proc", source: "proc", options: [])] }
        return spec
    }

    @Test func ownNetworkNamespaceWithoutUserNamespaceGetsDockersRange() {
        var launch = spec([.mount, .pid, .network])
        launch.allowPingForAllGroups()
        #expect(launch.sysctl == ["net.ipv4.ping_group_range": "0 2147483647"])
    }

    @Test func insideAUserNamespaceTheRangeEndsAtTheHighestMappedGid() {
        var launch = spec([.user, .mount, .pid, .network])
        launch.uidMappings = [IDMapping(containerID: 0, hostID: 100000, size: 65536)]
        launch.gidMappings = [IDMapping(containerID: 0, hostID: 100000, size: 1000), IDMapping(containerID: 1000, hostID: 300000, size: 10)]
        launch.allowPingForAllGroups()
        #expect(launch.sysctl[LaunchSpec.pingGroupRangeKey] == "0 1009")
    }

    @Test func gidZeroUnmappedSetsNothing() {
        var launch = spec([.user, .mount, .pid, .network])
        launch.gidMappings = [IDMapping(containerID: 1, hostID: 100001, size: 10)]
        launch.allowPingForAllGroups()
        #expect(launch.sysctl.isEmpty)
    }

    @Test func theHostsOrAJoinedNetworkNamespaceIsLeftAlone() {
        var host = spec([.mount, .pid])
        host.allowPingForAllGroups()
        #expect(host.sysctl.isEmpty)
        var joined = spec([.mount, .pid])
        joined.namespaces.append(NamespaceSpec(.network, path: "/proc/1/ns/net"))
        joined.allowPingForAllGroups()
        #expect(joined.sysctl.isEmpty)
    }

    @Test func withoutItsOwnProcNothingIsWrittenAndAValueGivenStays() {
        var noProc = spec([.mount, .pid, .network], proc: false)
        noProc.allowPingForAllGroups()
        #expect(noProc.sysctl.isEmpty)
        var noRoot = spec([.pid, .network], proc: false)
        noRoot.rootfs = nil
        noRoot.allowPingForAllGroups()
        #expect(noRoot.sysctl[LaunchSpec.pingGroupRangeKey] == "0 2147483647")
        var given = spec([.mount, .pid, .network])
        given.sysctl[LaunchSpec.pingGroupRangeKey] = "0 0"
        given.allowPingForAllGroups()
        #expect(given.sysctl[LaunchSpec.pingGroupRangeKey] == "0 0")
    }
}
