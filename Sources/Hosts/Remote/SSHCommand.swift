/// The system `ssh` and `scp` command lines for one destination: batch mode (a missing key is
/// an error, never a prompt), a connect timeout, and, when `controlDirectory` is given, one
/// shared connection (ControlMaster) for every command to that host. Keys, users and other
/// options come from the user's ssh config unless the inventory names them.
public struct SSHCommand: Sendable, Equatable {
    public var destination: String
    public var user: String?
    public var port: Int?
    public var identityFile: String?
    public var extraArguments: [String]
    /// Directory for the ControlMaster socket (`%C` names it per host, user and port).
    public var controlDirectory: String?
    public var connectTimeoutSeconds: Int

    public init(destination: String, user: String? = nil, port: Int? = nil, identityFile: String? = nil,
                extraArguments: [String] = [], controlDirectory: String? = nil, connectTimeoutSeconds: Int = 10) {
        self.destination = destination
        self.user = user
        self.port = port
        self.identityFile = identityFile
        self.extraArguments = extraArguments
        self.controlDirectory = controlDirectory
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    public init(host: InventoryHost, controlDirectory: String?) {
        self.init(destination: host.address, user: host.user, port: host.port, identityFile: host.identityFile,
                  extraArguments: host.extraSSHArguments, controlDirectory: controlDirectory)
    }

    /// Options shared by ssh and scp (scp spells the port -P).
    func options(portFlag: String) -> [String] {
        var arguments = ["-o", "BatchMode=yes", "-o", "ConnectTimeout=\(connectTimeoutSeconds)"]
        if let controlDirectory {
            arguments += ["-o", "ControlMaster=auto", "-o", "ControlPath=\(controlDirectory)/%C", "-o", "ControlPersist=60"]
        }
        if let port { arguments += [portFlag, String(port)] }
        if let identityFile { arguments += ["-i", identityFile] }
        if let user { arguments += ["-o", "User=\(user)"] }
        return arguments + extraArguments
    }

    /// `ssh ... DEST -- words`: the words are quoted for the remote shell.
    public func run(_ words: [String]) -> [String] {
        ["ssh"] + options(portFlag: "-p") + [destination, "--"] + [words.map(Self.shellQuoted).joined(separator: " ")]
    }

    /// `scp` of local files into a remote directory.
    public func upload(_ files: [String], to remoteDirectory: String) -> [String] {
        ["scp", "-q", "-p"] + options(portFlag: "-P") + files + ["\(remoteTarget):\(remoteDirectory)/"]
    }

    /// `scp -r` of a remote path into a local directory.
    public func download(_ remotePath: String, to localDirectory: String) -> [String] {
        ["scp", "-q", "-r"] + options(portFlag: "-P") + ["\(remoteTarget):\(remotePath)", localDirectory]
    }

    /// Closes the shared connection (`ssh -O exit`).
    public var closeMaster: [String] {
        ["ssh"] + options(portFlag: "-p") + ["-O", "exit", destination]
    }

    /// scp takes no `--` and would read `host:path` with a colon in an IPv6 address wrongly:
    /// brackets keep an address with colons whole.
    var remoteTarget: String {
        destination.contains(":") ? "[\(destination)]" : destination
    }

    /// 'word' for a POSIX shell; plain words that need no quoting stay as they are.
    public static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            (scalar.value >= 0x30 && scalar.value <= 0x39) || (scalar.value >= 0x41 && scalar.value <= 0x5a)
                || (scalar.value >= 0x61 && scalar.value <= 0x7a) || "-_./=:,@%+".unicodeScalars.contains(scalar)
        }
        if plain { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
