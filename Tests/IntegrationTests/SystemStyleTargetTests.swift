import Foundation
import Glibc
import NamespaceCore
import Targets
import Testing

/// cbench-system and LXC measured alike: the root's /sbin/init booted until RUNNING, `true`
/// attached, a clean halt; the same three phases and nothing left behind.
@Suite(.hostLeakCheck, .serialized, .enabled(if: RealTargetHost.installed("/usr/bin/lxc-start") && ScenarioTestSupport.available, "needs root, lxc and the busybox root"))
struct SystemStyleTargetTests {
    @Test func bothBootRunAndHaltWithTheSamePhases() throws {
        let context = try RealTargetTests.makeContext("system-style")
        defer { RealTargetTests.removeContext(context) }
        let lxc = LXCTarget(context: context)
        let targets: [any SystemStyleTarget] = [SystemContainerTarget(context: context), lxc]
        var ids: [String] = []
        for target in targets {
            let id = "cbench-bootrunhalt-\(getpid())-\(ids.count)"
            ids.append(id)
            let prepared = try target.prepare(ContainerWorkload(args: ["sh", "-c", "echo attached"], rootfs: ScenarioTestSupport.busyboxRootfs), id: id)
            defer { target.cleanup(prepared) }
            let run = try target.bootRunHalt(prepared)
            #expect(run.phases.map(\.name) == ["boot", "command", "halt"], "\(target.name)")
            #expect(run.exit == .exited(0), "\(target.name): \(run.stderr)")
            #expect(run.stdout == "attached\n", "\(target.name)")
        }
        #expect(!SystemContainerTarget(context: context).operations.contains(.run), "cbench-system has no one-shot run")
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: ids.map { "\(lxc.lxcPath)/\($0)" }) == [])
    }
}
