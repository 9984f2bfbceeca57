import Foundation
import Testing
import NamespaceCore
import AppContainers

/// What a container started the way users start it (`cbench app run`) is confined by, as a
/// probe inside reads it: Docker's default capability set in every set that holds one, the
/// seccomp filter on, the masked paths empty and the read-only paths mounted read-only.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppConfinementCLITests {
    /// CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP, NET_BIND_SERVICE,
    /// SYS_CHROOT, MKNOD, AUDIT_WRITE, SETFCAP: Docker's default less NET_RAW (no raw sockets
    /// by default, issue 16), as a status mask.
    static let dockerDefaultCapabilities = "00000000a80405fb"

    @Test func defaultRunIsConfinedAsDockerDoes() throws {
        let harness = try AppTestHarness("confine")
        defer { harness.tearDown() }
        let masked = AppSecurity.maskedPaths, readonly = AppSecurity.readonlyPaths
        // A path this kernel lacks (no /proc/kcore without PROC_KCORE) is absent inside too.
        let script = """
            grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|Seccomp):' /proc/self/status | tr -d '\t' | tr ':' ' '
            for p in \(masked.joined(separator: " ")); do
              if [ ! -e $p ]; then echo "$p absent"; continue; fi
              if [ -d $p ]; then n=$(ls -A $p | wc -l); else n=$(cat $p 2>/dev/null | wc -c); fi
              m=$(grep -c " $p " /proc/self/mounts)
              if [ $m -gt 0 ] && [ $n -eq 0 ]; then echo "$p masked"; else echo "$p visible ($m mounts, $n entries or bytes)"; fi
            done
            for p in \(readonly.joined(separator: " ")); do
              if [ ! -e $p ]; then echo "$p absent"; continue; fi
              echo "$p $(grep " $p " /proc/self/mounts | tail -1 | cut -d' ' -f4 | cut -d, -f1)"
            done
            """
        let out = try harness.ok(["run", "--rm", harness.image, "sh", "-c", script])
        let caps = Self.dockerDefaultCapabilities
        let exists = { (path: String) in FileManager.default.fileExists(atPath: path) }
        let expected = ["CapInh 0000000000000000", "CapPrm \(caps)", "CapEff \(caps)", "CapBnd \(caps)", "CapAmb 0000000000000000", "Seccomp 2"]
            + masked.map { exists($0) ? "\($0) masked" : "\($0) absent" }
            + readonly.map { exists($0) ? "\($0) ro" : "\($0) absent" }
        #expect(out.split(separator: "\n").map(String.init) == expected)
        #expect(masked.contains(where: exists) && readonly.contains(where: exists), "nothing to check on this kernel")
    }
}
