#if canImport(Glibc)
import Glibc
#endif
import Hosts
import NamespaceCore

/// The exchange over the system `ssh` as root, running the same cbench on the peer (the lab's
/// hosts share this machine's binary; real hosts get it at the same path from `cbench run
/// --hosts`). Keys and host keys come from ssh's own config (a lab host's /etc/ssh/ssh_config).
public struct SSHPeerExchange: PeerExchange {
    public var executable: String
    public var commands: any HostCommandRunning

    public init(executable: String, commands: any HostCommandRunning = HostCommandRunner()) {
        self.executable = executable
        self.commands = commands
    }

    public func exchange(network: String, from local: String, members: [AppNetworkMember], with peer: String) throws -> [AppNetworkMember] {
        let ssh = SSHCommand(destination: peer, user: "root", connectTimeoutSeconds: 5)
        let arguments = ssh.run([executable, "app", "network", "_exchange", network, "--from", local,
                                 "--members", try PeerExchangeWire.encode(members)])
        guard let result = commands.run(arguments) else {
            throw CoreError(stage: "ssh \(peer)", errno: ENOENT, detail: "ssh not found (apt-get install openssh-client)")
        }
        guard result.status == 0 else {
            throw CoreError(stage: "ssh \(peer)", detail: "exited with \(result.status): \(result.output.trimmingWhitespace())")
        }
        return try PeerExchangeWire.members(inReply: result.output)
    }
}
