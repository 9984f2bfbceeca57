#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Ed25519 key pairs made with `ssh-keygen` (not a hot path): the lab's client key and one
/// host key per lab host. Private keys are 0600, as ssh and sshd insist.
struct LabKeys {
    let commands: any HostCommandRunning

    /// Makes `path` and `path.pub`; returns the public key line.
    func generate(at path: String, comment: String) throws(CoreError) -> String {
        let arguments = ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path]
        guard let result = commands.run(arguments) else {
            throw CoreError(stage: "ssh-keygen \(path)", errno: ENOENT, detail: "ssh-keygen not found: apt-get install openssh-client (make setup)")
        }
        guard result.status == 0 else {
            throw CoreError(stage: "ssh-keygen \(path)", detail: "exited with \(result.status): \(result.output.trimmingWhitespace())")
        }
        let publicKey: [UInt8]
        do { publicKey = try FileIO.read(path + ".pub") } catch {
            throw CoreError(stage: "read \(path).pub", errno: error.errno)
        }
        return String(decoding: publicKey, as: UTF8.self).trimmingWhitespace()
    }
}
