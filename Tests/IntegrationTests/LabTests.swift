#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import NamespaceCore

/// `cbench lab` for real: namespaces, the lab bridge, per-host cgroups with their own cgroup
/// namespace, sshd on the underlay, and nothing left after `lab down`, even after a kill -9.
@Suite(.hostLeakCheck, .enabled(if: LabTestSupport.canRun, "needs root and /usr/sbin/sshd (make setup)"), .serialized)
struct LabTests {
    @Test func upExecSSHAndDownAfterAKillLeavesNothing() throws {
        let before = Set(Leftovers.find().map(\.summary))
        try LabTestSupport.withLab(hosts: 2) {
            let status = try LabTestSupport.cbench("lab", "status")
            #expect(status.status == 0 && status.output.contains("lab1\t10.251.0.2/24\tup") && status.output.contains("lab2\t10.251.0.3/24\tup"))
            #expect(try LabTestSupport.inLab("lab1", "hostname").output == "lab1\n")
            // Its own links, its own cgroup root, its own (empty) cbench state.
            let links = try LabTestSupport.inLab("lab1", "ls", "/sys/class/net").output
            #expect(links == "eth0\nlo\n", "\(links)")
            let cgroup = try LabTestSupport.inLab("lab2", "cat", "/proc/self/cgroup").output
            #expect(cgroup.contains(":memory:/\n") && cgroup.contains("0::/\n"), "\(cgroup)")
            // Only the shared caches (the busybox root, a CRIU tree): not this machine's app store or the lab's.
            let store = try LabTestSupport.inLab("lab1", "ls", "/var/lib/cbench").output.split(separator: "\n")
            #expect(store.contains("rootfs") && store.allSatisfy { $0 == "rootfs" || $0.hasPrefix("criu-") }, "\(store)")
            #expect(try LabTestSupport.inLab("lab1", "ls", "/run/cbench").status != 0)
            // A container made inside a lab host nests under the host's cgroup.
            #expect(try LabTestSupport.inLab("lab1", "mkdir", "-p", "/sys/fs/cgroup/memory/cbench/probe").status == 0)
            #expect(access("/sys/fs/cgroup/memory/cbench/lab/lab1/cbench/probe", F_OK) == 0)
            // The lab's own key logs in, lab host to lab host by name.
            let ssh = LabTestSupport.shell.run(["ssh", "-F", "/run/cbench/lab/ssh_config", "lab1", "ssh", "lab2", "hostname"])
            #expect(ssh?.output == "lab2\n", "\(ssh?.output ?? "no ssh")")
            // While up, the leftover finder sees every kind of object the lab made.
            let found = Leftovers.find().map(\.summary)
            for expected in ["networkNamespace /run/netns/cbench-lab1", "link cbench-lab", "link cbench-lab2",
                             "cgroup /sys/fs/cgroup/memory/cbench/lab/lab1", "temporaryPath /var/lib/cbench/lab"] {
                #expect(found.contains { $0.hasPrefix(expected) }, "\(expected) not found")
            }
            #expect(found.contains { $0.hasPrefix("process ") && $0.contains("lab2") })
            // kill -9 of a lab host's sshd: status says so; lab down still gets everything.
            struct Record: Decodable { var pid: Int32 }
            let pid = try JSONDecoder().decode(Record.self, from: Data(try FileIO.read("/run/cbench/lab/hosts/lab2/host.json"))).pid
            #expect(kill(pid, SIGKILL) == 0)
            _ = ProcessLiveness.waitUntilGone(pid: pid, startTime: ProcessLiveness.startTime(of: pid) ?? 0, timeoutMilliseconds: 2000)
            #expect(try LabTestSupport.cbench("lab", "status").output.contains("lab2\t10.251.0.3/24\tDOWN"))
            #expect(try LabTestSupport.inLab("lab2", "true").output.contains("is gone"))
        }
        let leaked = Set(Leftovers.find().map(\.summary)).subtracting(before)
        #expect(leaked.isEmpty, "\(leaked.sorted())")
    }

    @Test func secondLabAndBadHostAreOneLineErrors() throws {
        try LabTestSupport.withLab(hosts: 1) {
            let again = try LabTestSupport.cbench("lab", "up")
            #expect(again.status != 0 && again.output.contains("a lab is already up"))
            let missing = try LabTestSupport.inLab("lab7", "true")
            #expect(missing.status != 0 && missing.output.contains("no lab host lab7 (hosts: lab1)"))
        }
    }
}
