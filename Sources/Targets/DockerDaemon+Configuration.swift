import NamespaceCore

extension DockerDaemon {
    /// Our daemon's directories: state, socket, pid file and config under /run/cbench/docker,
    /// images and containers under /var/lib/cbench/docker.
    public struct Layout: Sendable, Equatable {
        public var runDirectory: String
        public var dataRoot: String

        public init(runDirectory: String = "\(ProjectDirectories.runtime)/docker",
                    dataRoot: String = "\(ProjectDirectories.persistent)/docker") {
            self.runDirectory = runDirectory
            self.dataRoot = dataRoot
        }

        public var socket: String { "\(runDirectory)/docker.sock" }
        public var host: String { "unix://\(socket)" }
        public var pidFile: String { "\(runDirectory)/docker.pid" }
        public var configFile: String { "\(runDirectory)/daemon.json" }
        public var execRoot: String { "\(runDirectory)/exec" }
        public var logFile: String { "\(runDirectory)/dockerd.log" }
        /// TMPDIR of the daemon and what it starts.
        public var temporaryDirectory: String { "\(runDirectory)/tmp" }
        public var keyFile: String { "\(runDirectory)/key.json" }
    }

    /// daemon.json: experimental on (checkpoints), crun and cbench-oci registered beside runc
    /// when installed (absolute paths), and the trust key dockerd 20.10 would otherwise write
    /// to /etc/docker kept in ours (a config-file key only: there is no flag for it).
    public static func configJSON(crunPath: String?, cbenchOCIPath: String? = nil, keyPath: String) -> String {
        var text = "{\"experimental\": true, \"deprecated-key-path\": \"\(keyPath)\""
        let runtimes = [("crun", crunPath), (cbenchRuntimeName, cbenchOCIPath)].compactMap { name, path in
            path.map { "\"\(name)\": {\"path\": \"\($0)\"}" }
        }
        if !runtimes.isEmpty { text += ", \"runtimes\": {" + runtimes.joined(separator: ", ") + "}" }
        return text + "}\n"
    }

    /// The name cbench-oci has in our daemon's `runtimes` (`docker run --runtime cbench-oci`).
    public static let cbenchRuntimeName = "cbench-oci"

    /// dockerd with no iptables or NAT, no forwarding, no default bridge, and every path in our
    /// directories. Its userland proxy stays on: with no iptables it is the only way a port is
    /// published (docker-proxy on the host's 127.0.0.1, connecting to the container across a
    /// bridge); only the published-ports row publishes one.
    public static func daemonArguments(executable: String, layout: Layout) -> [String] {
        [executable,
         "--config-file", layout.configFile,
         "--iptables=false", "--ip-masq=false", "--ip-forward=false", "--bridge=none", "--userland-proxy=true",
         "--data-root", layout.dataRoot,
         "--exec-root", layout.execRoot,
         "--pidfile", layout.pidFile,
         "--host", layout.host]
    }
}
