import Hosts
import Targets

/// The two lab hosts a network scenario needs across hosts: made for the scenario (a lab
/// already up belongs to someone else) and removed after it, whatever happened.
struct NetworkLab {
    let client: NetworkSite
    let server: NetworkSite
    /// The hosts' sshd, whose network namespace is the host's: the baseline measures there.
    let clientPid: Int32
    let serverPid: Int32

    static func up() throws -> NetworkLab {
        guard !Lab.exists else {
            throw StepFailure(stage: "lab up", "a lab is already up: the network scenario makes its own two hosts; take it down with `cbench lab down`")
        }
        let records = try Lab(output: { _ in }).up(hosts: 2)
        guard records.count == 2 else {
            _ = Lab().down()
            throw StepFailure(stage: "lab up", "expected two lab hosts, got \(records.count)")
        }
        let (first, second) = (records[0], records[1])
        return NetworkLab(client: .lab(first.name, address: first.underlayAddress), server: .lab(second.name, address: second.underlayAddress),
                          clientPid: first.pid, serverPid: second.pid)
    }

    /// Removes the lab; the removals that failed, in words.
    func down() -> [String] {
        Lab().down().map { "\($0.leftover.summary): \($0.error.map { "\($0)" } ?? "")" }
    }
}
