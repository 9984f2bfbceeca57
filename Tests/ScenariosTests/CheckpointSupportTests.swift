import Foundation
import Glibc
import NamespaceCore
import Targets
import Testing

/// Which OCI runtimes can checkpoint, judged from their `--version` output: no root needed.
struct CheckpointSupportTests {
    static let crun181 = """
        crun version 1.8.1
        commit: f8a096be060b22ccd3d5f3ebe44108517fbf6c30
        rundir: /run/crun
        spec: 1.0.0
        +SYSTEMD +SELINUX +APPARMOR +CAP +SECCOMP +EBPF +YAJL
        """
    static let runc115 = "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n"

    @Test func crunWithoutCRIUIsUnsupportedWithTheReason() {
        let support = CheckpointSupport.ociRuntime("crun", versionText: CheckpointSupportTests.crun181, criu: "/usr/local/sbin/criu")
        #expect(!support.isSupported)
        let reason = support.reason ?? ""
        #expect(reason.contains("crun version 1.8.1") && reason.contains("without CRIU support"), "\(reason)")
    }

    @Test func crunBuiltWithCRIUIsSupported() {
        let text = CheckpointSupportTests.crun181.replacingOccurrences(of: "+YAJL", with: "+CRIU +YAJL")
        #expect(CheckpointSupport.ociRuntime("crun", versionText: text, criu: "/usr/local/sbin/criu") == .supported(criu: "/usr/local/sbin/criu"))
    }

    @Test func runcNeedsCRIUInstalled() {
        #expect(CheckpointSupport.ociRuntime("runc", versionText: CheckpointSupportTests.runc115, criu: "/usr/local/sbin/criu").isSupported)
        let missing = CheckpointSupport.ociRuntime("runc", versionText: CheckpointSupportTests.runc115, criu: nil)
        #expect(missing.reason?.contains("criu is not installed") == true, "\(missing)")
    }

    @Test func anotherRuntimeHasNoCheckpoint() {
        let support = CheckpointSupport.ociRuntime("youki", versionText: "youki version 0.3.0", criu: "/usr/local/sbin/criu")
        #expect(support.reason == "youki has no checkpoint/restore")
    }

    @Test func cbenchOCICheckpointsThroughCRIU() {
        let version = "0.1.0 (runtime-spec 1.0.2)"
        #expect(CheckpointSupport.ociRuntime("cbench-oci", versionText: version, criu: "/usr/local/sbin/criu") == .supported(criu: "/usr/local/sbin/criu"))
        #expect(CheckpointSupport.ociRuntime("cbench-oci", versionText: version, criu: nil).reason?.contains("criu is not installed") == true)
    }
}
