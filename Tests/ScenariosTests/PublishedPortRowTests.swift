import NamespaceCore
import Results
import Testing
@testable import Scenarios
@testable import Targets

/// "Published ports" from what 127.0.0.1:PORT answered on the host.
struct PublishedPortRowTests {
    let row = PublishedPortRow()

    @Test func theContainersPageOnTheHostsLoopbackIsSupported() {
        let cell = row.judge(target: "cbench-app", means: "cbench app run -d -p", limit: nil, id: "c7", port: 40001,
                             answer: .success("HTTP 200: cbench-port c7"), account: nil)
        #expect(cell.outcome == .supported)
        #expect(cell.evidence.contains("published as 127.0.0.1:40001:8080"))
    }

    /// The failing cases: another page, or nothing, is never "supported"; nothing answering
    /// where the host's networks stand in the way fails to measure with that reason.
    @Test func anotherPageOrNothingIsNotSupported() {
        let other = row.judge(target: "x", means: "m", limit: nil, id: "c7", port: 40001, answer: .success("HTTP 200: hello"), account: nil)
        #expect(other.outcome == .failed)
        let refused = CoreError(stage: "connect 127.0.0.1:40001", errno: 111)
        let engine = row.judge(target: "docker", means: "docker run --publish", limit: "internal networks only", id: "c7", port: 40001,
                               answer: .failure(refused), account: "$ docker port c7\n")
        #expect(engine.outcome == .failed && engine.detail == "nothing answered on 127.0.0.1:40001: internal networks only")
        #expect(engine.evidence.contains("on this host: internal networks only"))
    }

    /// podman on network none: its refusal, where the host allows no NAT, is the evidence of a
    /// failed measurement, never "not supported".
    @Test func aRefusalWhereTheHostStandsInTheWayFailsToMeasure() {
        let refusal = CoreError(stage: "podman-crun run --detach --publish c7", detail: "exit 125: port mappings need a network")
        let cell = row.judge(target: "podman-crun", means: "podman run --network none --publish", limit: "no NAT here", id: "c7", port: 40001,
                             answer: .failure(refusal), account: nil, refused: true)
        #expect(cell.outcome == .failed && cell.detail == "nothing answered on 127.0.0.1:40001: no NAT here")
        #expect(cell.evidence.contains("the target refused the start: podman-crun run --detach --publish c7"))
    }

    /// Docker's bridge for a published port is made only while the host forwards nothing;
    /// otherwise the refusal names the setting and its value.
    @Test func aBridgeIsMadeOnlyWhileTheHostForwardsNothing() throws {
        try EnginePortNetwork.requireNoForwarding("0\n")
        for forwarding in ["1\n", ""] {
            let error = #expect(throws: CoreError.self) { try EnginePortNetwork.requireNoForwarding(forwarding) }
            #expect(error?.description.contains("net.ipv4.ip_forward is '\(forwarding.isEmpty ? "unreadable" : "1")', not 0") == true, "\(String(describing: error))")
        }
    }

    /// The row's bridge carries the project's link prefix, so `cbench cleanup` finds a crashed
    /// run's, within the kernel's 15 characters.
    @Test func theBridgeIsNamedSoThatCleanupFindsIt() {
        let container = PreparedContainer(id: "cbench-1190538-1yjt7so-9", bundle: "/tmp/b", cgroupPath: "cbench/engine-x", workload: ContainerWorkload(args: ["/bin/true"], rootfs: "/r"))
        let name = EnginePortNetwork.bridge(container)
        #expect(name.hasPrefix(Leftovers.linkPrefix + "u") && name.count == 15, "\(name)")
        #expect(name != EnginePortNetwork.bridge(PreparedContainer(id: "cbench-1190538-1yjt7so-10", bundle: "/tmp/b", cgroupPath: "c", workload: container.workload)))
    }

    /// An OCI runtime places network pairs (a namespace wired by hand) but makes no network of
    /// its own: not applicable; LXC, with networks of its own and no option: not supported.
    @Test func noOptionToPublishIsNotApplicableOnlyWithoutNetworksOfItsOwn() {
        let context = TargetContext(workDirectory: "/tmp/w", stateRoot: "/run/cbench/engine/1", smokeRootfs: "/r")
        let runtime = PublishedPortRow.missing(OCICLITarget(name: "runc", executable: "runc", context: context))
        #expect(runtime.outcome == .notApplicable && runtime.detail == "no network of its own to publish from")
        let lxc = PublishedPortRow.missing(LXCTarget(context: context))
        #expect(lxc.outcome == .notSupported && lxc.detail == "no option to publish a port")
    }

    @Test func theWorkloadPublishesItsPortOnLoopback() {
        let workload = PublishedPortRow.workload(rootfs: "/busybox", id: "c7", hostPort: 40001)
        #expect(workload.ports == [WorkloadPort(host: 40001, container: 8080)])
        #expect(DockerStyleArguments.extra(for: workload).suffix(2) == ["--publish", "127.0.0.1:40001:8080"])
        #expect(DockerStyleArguments.on(network: "n1", ["run", "--network", "none", "img"]) == ["run", "--network", "n1", "img"])
    }
}
