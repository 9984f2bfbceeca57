import NamespaceCore
import Testing
@testable import AppContainers

/// `cbench app run --tmpfs`, as Docker takes it.
struct TmpfsMountTests {
    @Test func aPathGetsDockersDefaults() throws {
        let mount = try TmpfsMount(parsing: "/scratch")
        #expect(mount.mountSpec == MountSpec(destination: "/scratch", type: "tmpfs", source: "tmpfs", options: ["noexec", "nosuid", "nodev"]))
    }

    @Test func optionsFollowTheDefaults() throws {
        let mount = try TmpfsMount(parsing: "/run/x:size=64m,mode=1777")
        #expect(mount.options == ["noexec", "nosuid", "nodev", "size=64m", "mode=1777"])
        #expect(mount.destination == "/run/x")
    }

    @Test func badPathsAndEmptyOptionsAreRefused() {
        for text in ["scratch", "/", "/a/../b", "/a:size=1m,,mode=1"] {
            #expect(throws: CoreError.self, "\(text)") { try TmpfsMount(parsing: text) }
        }
    }

    @Test func aConfigKeepsItsTmpfsAndOldRecordsHaveNone() {
        #expect(AppContainerConfig(image: "busybox", tmpfs: ["/t:size=1m"]).tmpfs == ["/t:size=1m"])
        #expect(AppContainerConfig(image: "busybox").tmpfs == nil)
    }
}
