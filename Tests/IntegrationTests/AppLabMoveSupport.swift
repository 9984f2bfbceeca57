import Checkpoints
@testable import Scenarios
import Targets
import Testing

/// cbench-app's lab moves in the integration tests: the target on three fresh lab hosts, and
/// the check that neither store keeps a moved container.
enum AppLabMoveSupport {
    /// `body` with cbench-app (`strategy` supported here) on three lab hosts; the lab comes down after.
    static func withTarget(_ name: String, strategy: MigrationStrategy,
                           _ body: (AppCLITarget, MigrationLab, MigrationPlaceOnLab) throws -> Void) throws {
        let context = try RealTargetTests.makeContext(name)
        defer { RealTargetTests.removeContext(context) }
        let target = AppCLITarget(context: context)
        try #require(target.labMigrationSupport(strategy) == nil, "\(target.labMigrationSupport(strategy) ?? "")")
        let hosts = try MigrationLabHosts.up()
        defer { #expect(hosts.down() == [], "the lab and its overlay came down") }
        try body(target, hosts.lab, MigrationPlaceOnLab(target: target, lab: hosts.lab))
    }

    /// Neither lab store lists a container whose name starts with `prefix`.
    static func expectNoneLeft(_ prefix: String) throws {
        for host in ["lab1", "lab2"] {
            let listed = try LabTestSupport.inLab(host, "cbench", "app", "ps", "-a")
            #expect(listed.status == 0 && !listed.output.contains(prefix), "\(host): \(listed.output)")
        }
    }
}
