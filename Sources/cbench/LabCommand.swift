#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Hosts
import NamespaceCore
import Targets

/// `cbench lab up|status|exec|down`: simulated hosts on this machine (see Hosts/Lab).
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Simulated hosts on this machine: namespaces on a lab bridge, each with its own sshd and cbench state.",
        discussion: """
            A lab host has its own network namespace (eth0 on the lab bridge cbench-lab, 10.251.0.0/24 by \
            default; nothing is routed or NATed beyond it), UTS name, mount namespace (private /var/lib/cbench, \
            /run, /tmp and /etc/ssh; the busybox, Debian and CRIU caches shared read-only), cgroup cbench/lab/NAME \
            with its own cgroup namespace, and an sshd on its underlay address with a key pair made for the lab. \
            `ssh -F /run/cbench/lab/ssh_config lab1` logs in; /run/cbench/lab/inventory.ini is an Ansible inventory.
            """,
        subcommands: [LabUp.self, LabStatus.self, LabExec.self, LabDown.self])
}

struct LabUp: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "up", abstract: "Start the lab's hosts (lab1, lab2, ...).")
    @Option(help: "How many lab hosts (1 to 64).") var hosts = 3
    @Option(help: "Underlay subnet; the bridge takes its first address, lab hosts the next ones.") var subnet = "10.251.0.0/24"

    func run() throws {
        guard getuid() == 0 else { throw ValidationError("cbench lab makes namespaces, cgroups and links: run it as root") }
        guard let prefix = IPv4Prefix(subnet), subnet.contains("/") else {
            throw ValidationError("--subnet \(subnet): expected an IPv4 network like 10.251.0.0/24")
        }
        let started = MonotonicClock.now()
        let records = try Lab().up(hosts: hosts, subnet: prefix)
        let elapsed = Double(MonotonicClock.now() - started) / 1e6
        for record in records { print("\(record.name)\t\(record.address)\tsshd pid \(record.pid)") }
        print("lab up: \(records.count) hosts in \(Int(elapsed.rounded())) ms; ssh -F /run/cbench/lab/ssh_config lab1")
    }
}

struct LabStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "List the lab's hosts and whether each is up.")

    func run() throws {
        let lines = Lab().status()
        if lines.isEmpty {
            print(Lab.exists ? "lab: half made (no host recorded): run `cbench lab down`" : "lab: not up")
            if Lab.exists { throw ExitCode(1) }
            return
        }
        lines.forEach { print($0) }
        if lines.contains(where: { $0.contains("DOWN") }) { throw ExitCode(1) }
    }
}

struct LabExec: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a command inside a lab host: cbench lab exec lab1 -- CMD.")
    @Argument(help: "Lab host name, e.g. lab1.") var host: String
    @Argument(parsing: .postTerminator, help: "The command and its arguments (after --).") var command: [String] = []

    func run() throws {
        guard getuid() == 0 else { throw ValidationError("cbench lab exec enters namespaces: run it as root") }
        let status = try Lab().exec(host: host, command: command)
        if status != 0 { throw ExitCode(status) }
    }
}

struct LabDown: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Remove the lab: processes, namespaces, links, cgroups, keys and stores.")

    func run() throws {
        guard getuid() == 0 else { throw ValidationError("cbench lab down removes namespaces, cgroups and links: run it as root") }
        let failures = Lab().down()
        for failure in failures {
            print("lab down: FAILED \(failure.leftover.summary): \(failure.error.map { "\($0)" } ?? "")")
        }
        let left = LabLeftovers.find()
        left.forEach { print("lab down: still present \($0.summary)") }
        print(left.isEmpty ? "lab down: done" : "lab down: \(left.count) left (see above)")
        if !left.isEmpty { throw ExitCode(1) }
    }
}
