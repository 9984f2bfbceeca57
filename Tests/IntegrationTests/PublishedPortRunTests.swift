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
}
