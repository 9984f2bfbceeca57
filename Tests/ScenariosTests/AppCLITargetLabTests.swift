import Checkpoints
import NamespaceCore
import Testing
@testable import Targets

/// cbench-app as a lab target, without a lab: the command that starts it on the source host
/// (the overlay, the lab's fixed address) and what each strategy says.
@Suite struct AppCLITargetLabTests {
    let target = AppCLITarget(context: TargetContext(workDirectory: "/tmp/w", stateRoot: "/run/cbench/engine/1", smokeRootfs: "/r"))
    let lab = MigrationLab(source: .lab("lab1", address: "10.251.0.2"), destination: .lab("lab2", address: "10.251.0.3"),
                           client: .lab("lab3", address: "10.251.0.4"), clientNamespace: "/proc/1/ns/net", bridges: [:],
                           containerAddress: IPv4Prefix(IPv4Address(10, 214, 0, 62), length: 24), mtu: 1450)

    @Test func theContainerRunsOnTheOverlayAtTheLabsAddress() {
        let workload = ContainerWorkload(args: ["/cbench-probe", "--serve", "7"], rootfs: "/r", probe: "/p/cbench-probe")
        let container = PreparedContainer(id: "m1", bundle: "/tmp/w/app-cli-m1", cgroupPath: "", workload: workload)
        let arguments = target.labRunArguments(container, lab: lab)
        #expect(Array(arguments.prefix(8)) == ["run", "-d", "--network", "migov", "--ip", "10.214.0.62", "--name", "m1"])
        #expect(arguments.contains("/p/cbench-probe:/cbench-probe:ro"), "\(arguments)")
        #expect(Array(arguments.suffix(4)) == [AppCLITarget.imageReference(for: "/r").description, "/cbench-probe", "--serve", "7"])
    }

    @Test func everyStrategyMovesBetweenLabHostsWhereTheHostCanDoIt() {
        if case .unsupported(let reason) = target.checkpointSupport() {
            // No CRIU here: every strategy says so.
            for strategy in MigrationStrategy.allCases { #expect(target.labMigrationSupport(strategy) == reason) }
            return
        }
        #expect(target.labMigrationSupport(.stopAndCopy) == nil)
        // Post-copy is skipped only for what the host lacks (the page server's pipe, userfaultfd).
        #expect(target.labMigrationSupport(.postCopy) == (PageServerPipeLimit().blocker() ?? MigrationHostCheck().features().unsupportedReason(.postCopy)))
        // Pre-copy is built: only a kernel without soft-dirty tracking refuses it.
        #expect(target.labMigrationSupport(.preCopy) == MigrationHostCheck().features().unsupportedReason(.preCopy))
    }

    @Test func theMoveNamesItsStrategy() {
        #expect(AppCLITarget.labMigrateArguments("m1", to: "lab2", strategy: .postCopy, tcpEstablished: true)
                == ["app", "migrate", "m1", "--to", "lab2", "--strategy", "post-copy", "--json", "--tcp-established"])
        #expect(AppCLITarget.labMigrateArguments("m1", to: "lab2", strategy: .stopAndCopy, tcpEstablished: false)
                == ["app", "migrate", "m1", "--to", "lab2", "--strategy", "stop-and-copy", "--json"])
    }
}
