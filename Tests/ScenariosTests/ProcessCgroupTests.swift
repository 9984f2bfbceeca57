import Testing
@testable import Targets

/// The cgroup of a container whose runtime chose it (Docker, podman), from /proc/PID/cgroup.
@Suite struct ProcessCgroupTests {
    @Test func theMemoryHierarchyOnAHybridHostTheUnifiedOneOnV2() {
        let hybrid = "12:pids:/cbench/x\n4:memory:/system.slice/docker-abc.scope\n0::/system.slice/docker-abc.scope\n"
        #expect(ProcessCgroup.path(in: hybrid) == "system.slice/docker-abc.scope")
        #expect(ProcessCgroup.path(in: "0::/machine.slice/libpod-1.scope\n") == "machine.slice/libpod-1.scope")
        #expect(ProcessCgroup.path(in: "") == nil)
    }
}
