#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
import Results

/// `cbench run --hosts` and the Ansible playbook against lab hosts over their real sshd, with a
/// host that does not answer and one whose key is refused: those fail with one line each, the
/// others' results are kept.
@Suite(.hostLeakCheck, .enabled(if: LabTestSupport.canRun && access("/usr/bin/ansible-playbook", X_OK) == 0, "needs root, sshd and ansible-core (make setup)"),
       .serialized)
struct LabRemoteRunTests {
    static var packageRoot: String { ScenarioTestSupport.packageRoot }

    @Test func sshRunnerKeepsGoodHostsAndNamesBadOnes() throws {
        let directory = try LabTestSupport.temporaryDirectory("remote")
        defer { LabTestSupport.remove(directory) }
        try LabTestSupport.withLab(hosts: 2) {
            let wrongKey = directory + "/wrong_key"
            #expect(LabTestSupport.shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrongKey])?.status == 0)
            var inventory = String(decoding: try FileIO.read("/run/cbench/lab/inventory.ini"), as: UTF8.self)
            inventory = inventory.replacingFirst("[lab]\n", with: "[lab]\nghost ansible_host=10.251.0.99\nbadkey ansible_host=10.251.0.2 ansible_ssh_private_key_file=\(wrongKey)\n")
            try FileIO.write(directory + "/inventory.ini", Array(inventory.utf8))
            let run = try LabTestSupport.cbench("run", "--hosts", directory + "/inventory.ini", "\(Self.packageRoot)/Scenarios/hosts-smoke.yaml",
                                                "--out", directory + "/out")
            #expect(run.status == 1, "\(run.output)")
            let lines = run.output.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("ghost (10.251.0.99): FAILED ") && $0.contains("unreachable") }, "\(run.output)")
            #expect(lines.contains { $0.hasPrefix("badkey (10.251.0.2): FAILED ") && $0.contains("authentication failed") }, "\(run.output)")
            for host in ["lab1", "lab2"] {
                #expect(lines.contains { $0.hasPrefix("\(host) (") && $0.contains(": ok, ") })
                let results = String(decoding: try FileIO.read("\(directory)/out/hosts/\(host)/results/results.json"), as: UTF8.self)
                #expect(results.contains("create-to-exit"))
            }
            let statuses = Set(try HostResultsInput.outcomes(from: directory + "/out/hosts.json").map(\.status))
            #expect(statuses == ["failed", "ok"])
            // Nothing stays on the lab hosts.
            #expect(try LabTestSupport.inLab("lab1", "sh", "-c", "ls -d /tmp/cbench-remote-* 2>/dev/null | wc -l").output == "0\n")
        }
    }

    @Test func playbookFetchesEveryHostsResults() throws {
        let directory = try LabTestSupport.temporaryDirectory("fleet")
        defer { LabTestSupport.remove(directory) }
        try LabTestSupport.withLab(hosts: 2) {
            let executable = try CBenchExecutable.locate()
            let play = LabTestSupport.shell.run(["ansible-playbook", "-i", "/run/cbench/lab/inventory.ini", "\(Self.packageRoot)/Scripts/ansible/cbench.yml",
                                                 "-e", "cbench_binary=\(executable)", "-e", "cbench_results=\(directory)"])
            #expect(play?.status == 0, "\(play?.output.suffix(2000) ?? "ansible-playbook did not start")")
            for host in ["lab1", "lab2"] {
                let results = String(decoding: try FileIO.read("\(directory)/\(host)/results.json"), as: UTF8.self)
                #expect(results.contains("create-to-exit"))
            }
        }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
