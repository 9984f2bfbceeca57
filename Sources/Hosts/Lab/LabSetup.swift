#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The files a lab needs before any host starts: keys, every host's /etc/ssh, the host side's
/// ssh_config, known_hosts and inventory, and the hosts' private stores (marked ephemeral, so
/// `cbench cleanup` removes them).
struct LabSetup {
    let commands: any HostCommandRunning

    func writeFiles(_ plan: LabPlan, executable: String) throws -> LabSSHFiles {
        try FileIO.makeDirectories(ProjectDirectories.runtime, mode: 0o711)
        guard mkdir(LabPlan.stateDirectory, 0o700) == 0 else { throw CoreError.fromErrno("mkdir \(LabPlan.stateDirectory)") }
        try FileIO.makeDirectories(LabPlan.storeDirectory, mode: 0o711)
        try FileIO.write(LabPlan.storeDirectory + "/" + Leftovers.ephemeralMarker, Array("cbench lab: host stores\n".utf8))
        let keys = LabKeys(commands: commands)
        let clientKey = try keys.generate(at: LabSSHFiles.clientKey, comment: "cbench-lab")
        var hostKeys: [String: String] = [:]
        for host in plan.hosts {
            try FileIO.makeDirectories(host.sshDirectory, mode: 0o755)
            try FileIO.makeDirectories(host.storeDirectory, mode: 0o711)
            hostKeys[host.name] = try keys.generate(at: host.sshDirectory + "/ssh_host_ed25519_key", comment: host.name)
        }
        let files = LabSSHFiles(plan: plan, cbenchExecutable: executable, clientPublicKey: clientKey, hostPublicKeys: hostKeys)
        let privateKey = try FileIO.read(LabSSHFiles.clientKey)
        for host in plan.hosts {
            let directory = host.sshDirectory
            try FileIO.write("\(directory)/sshd_config", Array(files.sshdConfig(for: host).utf8))
            try FileIO.write("\(directory)/authorized_keys", Array(files.authorizedKeys.utf8))
            try FileIO.write("\(directory)/ssh_config", Array(files.labHostSSHConfig.utf8))
            try FileIO.write("\(directory)/lab_known_hosts", Array(files.knownHostsText.utf8))
            try FileIO.write("\(directory)/lab_id_ed25519", privateKey, mode: 0o600)
        }
        try FileIO.write(LabSSHFiles.knownHosts, Array(files.knownHostsText.utf8))
        try FileIO.write(LabSSHFiles.sshConfig, Array(files.hostSSHConfig.utf8))
        try FileIO.write(LabSSHFiles.inventory, Array(files.inventoryText.utf8))
        return files
    }
}
