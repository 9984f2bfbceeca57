/// The texts of the lab's SSH set-up: each lab host's sshd_config, authorized_keys and client
/// config (its own /etc/ssh), and the host side's ssh_config, known_hosts and inventory.
/// Plain text from plain data, so it is unit-tested as such.
public struct LabSSHFiles: Sendable, Equatable {
    public var plan: LabPlan
    /// The cbench program every lab host runs (the same binary as the host's).
    public var cbenchExecutable: String
    /// `ssh-ed25519 AAAA... comment` of the lab's client key.
    public var clientPublicKey: String
    /// Host name -> `ssh-ed25519 AAAA...` of its host key.
    public var hostPublicKeys: [String: String]

    public init(plan: LabPlan, cbenchExecutable: String, clientPublicKey: String, hostPublicKeys: [String: String]) {
        self.plan = plan
        self.cbenchExecutable = cbenchExecutable
        self.clientPublicKey = clientPublicKey
        self.hostPublicKeys = hostPublicKeys
    }

    /// Where the host side keeps the client key and the files below.
    public static let clientKey = LabPlan.stateDirectory + "/id_ed25519"
    public static let knownHosts = LabPlan.stateDirectory + "/known_hosts"
    public static let sshConfig = LabPlan.stateDirectory + "/ssh_config"
    public static let inventory = LabPlan.stateDirectory + "/inventory.ini"
    /// Inside each lab host, below its own /etc/ssh.
    static let labClientKey = "/etc/ssh/lab_id_ed25519"
    static let labKnownHosts = "/etc/ssh/lab_known_hosts"

    /// PATH for sessions and `lab exec`: the cbench directory first.
    public var path: String {
        let directory = cbenchExecutable.split(separator: "/").dropLast().joined(separator: "/")
        return "/\(directory):/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    }

    /// Listens on the underlay address only; keys only, root allowed; the sftp subsystem for
    /// scp (SFTP since OpenSSH 9) and Ansible. No PAM: the lab has no accounts to manage.
    public func sshdConfig(for host: LabHostPlan) -> String {
        """
        # cbench lab host \(host.name): reachable from the host and the other lab hosts only.
        ListenAddress \(host.address.address):22
        HostKey /etc/ssh/ssh_host_ed25519_key
        PidFile /run/sshd.pid
        PermitRootLogin prohibit-password
        PubkeyAuthentication yes
        AuthorizedKeysFile /etc/ssh/authorized_keys
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes yes
        PrintMotd no
        X11Forwarding no
        AllowTcpForwarding no
        LogLevel INFO
        MaxStartups 64:30:128
        SetEnv PATH=\(path) CBENCH_EXECUTABLE=\(cbenchExecutable)
        Subsystem sftp /usr/lib/openssh/sftp-server

        """
    }

    public var authorizedKeys: String { clientPublicKey + "\n" }

    /// known_hosts lines: every lab host by name and by address.
    public var knownHostsText: String {
        plan.hosts.compactMap { host in
            hostPublicKeys[host.name].map { "\(host.name),\(host.address.address) \($0)" }
        }.joined(separator: "\n") + "\n"
    }

    /// For `ssh -F` on the host: lab names resolve to their underlay addresses.
    public var hostSSHConfig: String {
        clientConfig(identity: Self.clientKey, knownHosts: Self.knownHosts)
    }

    /// Each lab host's /etc/ssh/ssh_config: the other lab hosts by name or address, with the
    /// lab's key (the cross-host name exchange of overlay networks goes this way).
    public var labHostSSHConfig: String {
        clientConfig(identity: Self.labClientKey, knownHosts: Self.labKnownHosts)
    }

    func clientConfig(identity: String, knownHosts: String) -> String {
        var text = "# cbench lab: \(plan.hosts.count) hosts on \(plan.subnet)\n"
        for host in plan.hosts {
            text += "Host \(host.name)\n    HostName \(host.address.address)\n"
        }
        let addresses = plan.hosts.map { "\($0.address.address)" }.joined(separator: " ")
        let names = plan.hosts.map(\.name).joined(separator: " ")
        text += """
            Host \(names) \(addresses)
                User root
                IdentityFile \(identity)
                IdentitiesOnly yes
                UserKnownHostsFile \(knownHosts)
                StrictHostKeyChecking yes
                BatchMode yes
                ConnectTimeout 5

            """
        return text
    }

    /// An Ansible INI inventory of the lab: `cbench run --hosts` and `ansible-playbook -i` take it.
    public var inventoryText: String {
        var text = "# cbench lab inventory (cbench lab up); removed by cbench lab down\n[lab]\n"
        for host in plan.hosts {
            text += "\(host.name) ansible_host=\(host.address.address)\n"
        }
        text += """

            [lab:vars]
            ansible_user=root
            ansible_ssh_private_key_file=\(Self.clientKey)
            ansible_ssh_common_args=-o UserKnownHostsFile=\(Self.knownHosts) -o StrictHostKeyChecking=yes
            ansible_python_interpreter=/usr/bin/python3

            """
        return text
    }
}
