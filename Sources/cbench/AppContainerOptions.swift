import AppContainers
import ArgumentParser
import NamespaceCore
import OCIImages
#if canImport(Glibc)
import Glibc
#endif

/// The flags `run` and `create` share, as swift-argument-parser reads them.
struct AppContainerOptions: ParsableArguments {
    @Option(name: .long, help: "Container name (default: generated).") var name: String?
    @Option(name: .shortAndLong, help: "Environment variable KEY=VALUE (KEY alone: from this environment).") var env: [String] = []
    @Option(name: .shortAndLong, help: "Working directory inside the container.") var workdir: String?
    @Option(name: .shortAndLong, help: "User: name, uid, name:group or uid:gid.") var user: String?
    @Option(name: .long, help: "Host name (default: the ID's first 12 digits).") var hostname: String?
    @Option(name: .long, help: "Replace the image's entrypoint (empty string clears it).") var entrypoint: String?
    @Option(name: .shortAndLong, help: "Volume: HOSTDIR:PATH[:ro] or NAME:PATH[:ro].") var volume: [String] = []
    @Option(name: .long, help: "A tmpfs at PATH[:OPTIONS], e.g. /scratch:size=64m (noexec,nosuid,nodev first, as Docker).") var tmpfs: [String] = []
    @Option(name: .shortAndLong, help: "Publish: 127.0.0.1:HOSTPORT:PORT.") var publish: [String] = []
    @Option(name: .long, help: "Network to join (none by default).") var network: [String] = []
    @Option(name: .long, help: "IPv4 address on the --network (default: the lowest free one).") var ip: String?
    @Option(name: [.customShort("m"), .long], help: "Memory limit, e.g. 64m or 1g.") var memory: String?
    @Option(name: .long, parsing: .unconditional, help: "Maximum number of processes (-1: unlimited).") var pidsLimit: Int64?
    @Option(name: .long, help: "CPU quota in CPUs, e.g. 0.5.") var cpus: Double?
    @Flag(name: .long, help: "Mount the root file system read-only.") var readOnly = false
    @Option(name: .long, help: "Add a capability (NET_ADMIN, ALL).") var capAdd: [String] = []
    @Option(name: .long, help: "Drop a capability.") var capDrop: [String] = []
    @Option(name: .long, help: "seccomp=unconfined|FILE, no-new-privileges.") var securityOpt: [String] = []
    @Option(name: .long, help: "User namespace: remap (root becomes host uid 100000).") var userns: String?
    @Flag(name: .customLong("init"), help: "Run a minimal init as PID 1 that forwards signals and reaps zombies.") var initProcess = false
    @Option(name: .long, help: "Systemd mode (podman's): true (when the command is /sbin/init or systemd), false or always.") var systemd: String?
    @Flag(name: .shortAndLong, help: "Keep stdin open (attached runs).") var interactive = false
    @Flag(name: .shortAndLong, help: "Give the process a pty as its terminal (-it for an interactive shell).") var tty = false
    @Argument(help: "Image NAME[:TAG].") var image: String
    @Argument(parsing: .captureForPassthrough, help: "Command and arguments (default: the image's).") var command: [String] = []

    var flags: AppContainerFlags {
        AppContainerFlags(name: name, env: env, workdir: workdir, user: user, hostname: hostname, entrypoint: entrypoint,
                          volume: volume, tmpfs: tmpfs, publish: publish, network: network, ip: ip, memory: memory, pidsLimit: pidsLimit, cpus: cpus,
                          readOnly: readOnly, capAdd: capAdd, capDrop: capDrop, securityOpt: securityOpt, userns: userns,
                          initProcess: initProcess, systemd: systemd, interactive: interactive, tty: tty, image: image, command: command)
    }

    func validate() throws {
        try flags.checkTerminal()
    }
}

/// What `run` and `create` were given, as plain values: from swift-argument-parser
/// (`AppContainerOptions`) or from the fast path of `app run` (`AppRunFastPath`).
struct AppContainerFlags: Equatable {
    var name: String?
    var env: [String] = []
    var workdir: String?
    var user: String?
    var hostname: String?
    var entrypoint: String?
    var volume: [String] = []
    var tmpfs: [String] = []
    var publish: [String] = []
    var network: [String] = []
    var ip: String?
    var memory: String?
    var pidsLimit: Int64?
    var cpus: Double?
    var readOnly = false
    var capAdd: [String] = []
    var capDrop: [String] = []
    var securityOpt: [String] = []
    var userns: String?
    var initProcess = false
    var systemd: String?
    var interactive = false
    var tty = false
    var image = ""
    var command: [String] = []

    func config(autoRemove: Bool, detach: Bool) throws -> AppContainerConfig {
        // The one parser of --security-opt values (seccomp=..., no-new-privileges[=true|false]).
        var security = try AppSecurityOptions()
        for option in securityOpt { try security.applySecurityOpt(option) }
        if let userns, userns != "remap", userns != "host", !userns.isEmpty {
            throw CoreError(stage: "--userns", errno: EINVAL, detail: "'\(userns)' is not supported; use remap or host")
        }
        return AppContainerConfig(
            image: image, name: name, command: command,
            entrypoint: entrypoint.map { $0.isEmpty ? [] : [$0] },
            environment: env.map { entry in
                guard !entry.contains("="), let value = getenv(entry) else { return entry }
                return "\(entry)=\(String(cString: value))"
            },
            workingDirectory: workdir, user: user, hostname: hostname, volumes: volume, tmpfs: tmpfs, ports: publish,
            networks: network, memoryBytes: try memory.map(AppByteSize.parse), pidsLimit: pidsLimit, cpus: cpus,
            readOnly: readOnly, capAdd: capAdd, capDrop: capDrop, seccomp: security.seccomp.optionValue,
            noNewPrivileges: security.noNewPrivileges, usernsRemap: userns == "remap",
            initProcess: initProcess, autoRemove: autoRemove, detach: detach, interactive: interactive, tty: tty,
            systemd: try systemd.map(AppSystemdMode.parse) ?? .standard, ipv4Address: ip)
    }

    /// `-it` needs a terminal to read keystrokes from, as docker says.
    func checkTerminal() throws {
        if tty && interactive && isatty(0) != 1 {
            throw ValidationError("the input device is not a TTY: run -it from a terminal, or leave out -t")
        }
    }
}
