import NamespaceCore
import Scenarios
import Testing

/// The row "published ports" for real: cbench-app publishes the httpd's port on the host's
/// 127.0.0.1 and the host fetches the container's page there; cbench-system has networks of
/// its own but no option to publish a port: not supported, saying so.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct PublishedPortRunTests {
    @Test func theHostFetchesTheContainersPageThroughItsPublishedPort() throws {
        let run = try FeatureRowRun("published-ports", feature: "published ports", targets: FeatureRowsRunTests.targets)
        #expect(run.cells["cbench-app"]?.outcome == .supported, "\(run.shown("cbench-app"))")
        #expect(run.cells["cbench-app"]?.evidence.contains("from the host: HTTP 200: cbench-port") == true, "\(run.shown("cbench-app"))")
        #expect(run.cells["cbench-system"]?.outcome == .notSupported, "\(run.shown("cbench-system"))")
        #expect(run.cells["cbench-system"]?.evidence.contains("(it does not implement PortPublishingTarget)") == true, "\(run.shown("cbench-system"))")
    }

    /// Docker publishes through its userland proxy from a bridge of the row's own: the page
    /// answers on 127.0.0.1, `docker port` lists it, and the container has no default route.
    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/docker") && RealTargetHost.installed("/usr/sbin/dockerd"), "docker.io is not installed"))
    func dockerPublishesThroughItsUserlandProxyWithNoRouteOut() throws {
        let run = try FeatureRowRun("published-ports", feature: "published ports", targets: ["docker"])
        let cell = try #require(run.cells["docker"], "\(run.shown("docker"))")
        #expect(cell.outcome == .supported, "\(run.shown("docker"))")
        #expect(cell.evidence.contains("from the host: HTTP 200: cbench-port"), "\(run.shown("docker"))")
        let routes = cell.evidence.components(separatedBy: "(the container's routes)\n").last ?? ""
        #expect(cell.evidence.contains("(the container's routes)") && routes.contains("dev eth0") && !routes.contains("default"), "\(run.shown("docker"))")
        #expect(FileIO.contents("/proc/sys/net/ipv4/ip_forward").trimmingWhitespace() == "0")
    }
}
