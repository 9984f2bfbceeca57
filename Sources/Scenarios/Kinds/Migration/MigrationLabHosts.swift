import Hosts
import SystemContainers
import Targets

/// The three lab hosts of migrations across hosts (source, destination, client) with the
/// overlay between them: made for the scenario (a lab already up belongs to someone else) and
/// removed after it, whatever happened.
struct MigrationLabHosts {
    let lab: MigrationLab

    static func up() throws -> MigrationLabHosts {
        guard !Lab.exists else {
            throw StepFailure(stage: "lab up", "a lab is already up: migrations across lab hosts make their own three; take it down with `cbench lab down`")
        }
        let records = try Lab(output: { _ in }).up(hosts: 3)
        do {
            guard records.count == 3 else { throw StepFailure(stage: "lab up", "expected three lab hosts, got \(records.count)") }
            let sites = records.map { NetworkSite.lab($0.name, address: $0.underlayAddress) }
            let lab = try MigrationLab.make(source: sites[0], destination: sites[1], client: sites[2],
                                            clientNamespace: "/proc/\(records[2].pid)/ns/net", rootfs: SystemTemplate.busyboxRootfs)
            return MigrationLabHosts(lab: lab)
        } catch {
            _ = Lab().down()
            throw error
        }
    }

    /// Removes the overlay and the lab; what failed, in words.
    func down() -> [String] {
        lab.teardown() + Lab().down().map { "\($0.leftover.summary): \($0.error.map { "\($0)" } ?? "")" }
    }
}
