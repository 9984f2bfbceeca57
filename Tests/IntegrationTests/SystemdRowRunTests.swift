import NamespaceCore
import Scenarios
import Testing

/// The row "real init with several services" for real: cbench-system boots its Debian
/// template to "running" with two services or more, and so does cbench-app with its defaults
/// (its systemd mode detects /sbin/init, as podman's `--systemd=true`); runc and
/// cbench-oci boot it with the config a user of a bare runtime writes (OCICLITarget+Systemd).
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct SystemdRowRunTests {
    @Test func systemdBootsWithServicesInCbenchSystemAndCbenchAppContainers() throws {
        let run = try FeatureRowRun("systemd-services", feature: "real init with several services", targets: FeatureRowsRunTests.targets)
        #expect(run.cells["cbench-system"]?.outcome == .supported, "\(run.shown("cbench-system"))")
        #expect(run.cells["cbench-system"]?.evidence.contains("systemd-journald.service") == true)
        #expect(run.cells["cbench-app"]?.outcome == .supported, "\(run.shown("cbench-app"))")
        let app = run.cells["cbench-app"]?.evidence ?? ""
        #expect(app.contains("--systemd=true (the default"), "the evidence says the defaults' detection booted it")
        #expect(app.contains("$ systemctl is-system-running --wait\nrunning"), "\(run.shown("cbench-app"))")
        #expect(app.contains("systemd-journald.service"), "\(run.shown("cbench-app"))")
    }

    @Test func systemdBootsUnderBareOCIRuntimesWithWhatAUserWrites() throws {
        let run = try FeatureRowRun("systemd-services", feature: "real init with several services", targets: ["runc", "cbench-oci"])
        for target in ["runc", "cbench-oci"] {
            #expect(run.cells[target]?.outcome == .supported, "\(run.shown(target))")
            #expect(run.cells[target]?.evidence.contains("container=oci") == true, "the config's changes are said")
            #expect(run.cells[target]?.evidence.contains("systemd-journald.service") == true, "\(run.shown(target))")
        }
    }
}
