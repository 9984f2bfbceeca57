#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NamespaceCore

/// What `inspect` prints for one container, in docker's shape and key names (`Id`,
/// `State.OOMKilled`, `Config.Cmd`...), so scripts written for `docker inspect` find their
/// fields; `GraphDriver`, `CgroupPath` and `HostLinks` say where cbench keeps it.
public struct AppContainerInspection: Codable, Sendable {
    public var id: String
    public var created: String
    public var path: String
    public var args: [String]
    public var state: State
    /// The manifest digest the image resolved to.
    public var image: String
    /// `/NAME`, as docker shows it.
    public var name: String
    public var config: Config
    public var hostConfig: HostConfig
    public var graphDriver: GraphDriver
    public var mounts: [Mount]
    public var networkSettings: NetworkSettings
    public var cgroupPath: String
    public var hostLinks: [String]

    enum CodingKeys: String, CodingKey {
        case id = "Id", created = "Created", path = "Path", args = "Args", state = "State", image = "Image", name = "Name"
        case config = "Config", hostConfig = "HostConfig", graphDriver = "GraphDriver", mounts = "Mounts"
        case networkSettings = "NetworkSettings", cgroupPath = "CgroupPath", hostLinks = "HostLinks"
    }

    public struct State: Codable, Sendable {
        /// `created`, `running` or `exited`.
        public var status: String
        public var running: Bool
        public var oomKilled: Bool
        public var pid: Int32
        public var exitCode: Int32
        public var startedAt: String
        public var finishedAt: String

        enum CodingKeys: String, CodingKey {
            case status = "Status", running = "Running", oomKilled = "OOMKilled", pid = "Pid", exitCode = "ExitCode"
            case startedAt = "StartedAt", finishedAt = "FinishedAt"
        }
    }

    public struct Config: Codable, Sendable {
        public var hostname: String
        public var user: String
        public var env: [String]
        public var cmd: [String]
        public var entrypoint: [String]?
        /// The image as the user named it.
        public var image: String
        public var workingDir: String
        /// podman's field: whether systemd mode applies (`--systemd`).
        public var systemdMode: Bool
        public var stopSignal: String

        enum CodingKeys: String, CodingKey {
            case hostname = "Hostname", user = "User", env = "Env", cmd = "Cmd", entrypoint = "Entrypoint"
            case image = "Image", workingDir = "WorkingDir", systemdMode = "SystemdMode", stopSignal = "StopSignal"
        }
    }

    public struct HostConfig: Codable, Sendable {
        public var memory: Int64
        public var pidsLimit: Int64?
        public var nanoCpus: Int64
        public var readonlyRootfs: Bool
        public var capAdd: [String]
        public var capDrop: [String]
        /// What the container's root holds after `capAdd`/`capDrop` (bounding = effective =
        /// permitted; a non-root user starts with none of them effective), within the host's set.
        public var capabilities: [String]
        /// The sysctls written in the container's namespaces (`net.ipv4.ping_group_range`).
        public var sysctls: [String: String]
        public var securityOpt: [String]
        public var autoRemove: Bool
        public var initProcess: Bool
        public var userns: String
        public var binds: [String]
        public var portBindings: [String]
        public var networks: [String]
        /// `--systemd`: true, false or always.
        public var systemd: String

        enum CodingKeys: String, CodingKey {
            case memory = "Memory", pidsLimit = "PidsLimit", nanoCpus = "NanoCpus", readonlyRootfs = "ReadonlyRootfs"
            case capAdd = "CapAdd", capDrop = "CapDrop", capabilities = "Capabilities", sysctls = "Sysctls"
            case securityOpt = "SecurityOpt", autoRemove = "AutoRemove"
            case initProcess = "Init", userns = "UsernsMode", binds = "Binds", portBindings = "PortBindings", networks = "NetworkMode"
            case systemd = "Systemd"
        }
    }

    public struct GraphDriver: Codable, Sendable {
        public var name = "overlay"
        public var lowerDirectories: [String]
        public var upperDirectory: String
        public var workDirectory: String

        enum CodingKeys: String, CodingKey {
            case name = "Name", lowerDirectories = "LowerDir", upperDirectory = "UpperDir", workDirectory = "WorkDir"
        }
    }

    public struct Mount: Codable, Sendable {
        public var type: String
        public var source: String
        public var destination: String
        public var options: [String]

        enum CodingKeys: String, CodingKey {
            case type = "Type", source = "Source", destination = "Destination", options = "Options"
        }
    }

    public struct NetworkSettings: Codable, Sendable {
        /// Network name to the container's address on it, while it is a member.
        public var networks: [String: String]

        enum CodingKeys: String, CodingKey { case networks = "Networks" }
    }
}

extension AppRuntime {
    public func inspect(_ reference: String) throws -> AppContainerInspection {
        let id = try store.resolve(reference)
        let record = try store.loadRecord(of: id)
        let saved = store.loadState(of: id)
        let live = store.loadRunState(of: id)
        let pid = live?.isAlive == true ? live?.pid : nil
        let spec = try? record.launchSpec(store: store)
        let config = record.config
        let capabilities = ((try? securityOptions(for: config))?.capabilities ?? []).sorted().map(Capability.name(of:))
        var sysctls: [String: String] = [:]
        if var launch = spec {
            Self.applyNetworkMode(config.networkMode, to: &launch)
            sysctls = launch.sysctl
        }
        let process = try? AppProcess(config: config, image: record.imageParameters, hostname: record.hostname)
        let state = AppContainerInspection.State(
            // A run state whose process is gone is a crashed supervisor's: the container has exited.
            status: pid != nil ? "running" : saved.status == .running ? "exited" : saved.status.rawValue, running: pid != nil, oomKilled: saved.oomKilled ?? false,
            pid: pid ?? 0, exitCode: saved.exitCode ?? 0, startedAt: saved.startedAt ?? "", finishedAt: saved.finishedAt ?? "")
        return AppContainerInspection(
            id: id, created: record.created, path: spec?.args.first ?? "", args: Array((spec?.args ?? []).dropFirst()),
            state: state, image: record.imageDigest, name: "/" + record.name,
            config: .init(hostname: record.hostname, user: process?.user ?? "", env: spec?.environment ?? [],
                          cmd: config.command.isEmpty ? (record.imageParameters?.cmd ?? []) : config.command,
                          entrypoint: config.entrypoint ?? record.imageParameters?.entrypoint, image: config.image,
                          workingDir: process?.workingDirectory ?? "/", systemdMode: process?.runsSystemd ?? false,
                          stopSignal: process.map { Signal.name(of: $0.stopSignal) } ?? ""),
            hostConfig: .init(memory: config.memoryBytes ?? 0, pidsLimit: config.effectivePidsLimit,
                              nanoCpus: Int64(((config.cpus ?? 0) * 1e9).rounded()), readonlyRootfs: config.readOnly,
                              capAdd: config.capAdd, capDrop: config.capDrop, capabilities: capabilities, sysctls: sysctls,
                              securityOpt: config.seccomp == "default" ? [] : ["seccomp=\(config.seccomp)"],
                              autoRemove: config.autoRemove, initProcess: config.initProcess,
                              userns: config.usernsRemap ? "remap" : "", binds: config.volumes, portBindings: config.ports,
                              networks: config.networks.isEmpty ? ["none"] : config.networks, systemd: config.systemdMode.rawValue),
            graphDriver: .init(lowerDirectories: record.layerDirectories.reversed(), upperDirectory: store.upperDirectory(of: id),
                               workDirectory: store.workDirectory(of: id)),
            mounts: (spec?.mounts ?? []).map { .init(type: $0.type, source: $0.source, destination: $0.destination, options: $0.options) },
            networkSettings: .init(networks: networkAddresses(of: record)),
            cgroupPath: store.cgroupPath(of: id), hostLinks: live?.hostLinks ?? [])
    }

    func networkAddresses(of record: AppContainerRecord) -> [String: String] {
        let networks = AppNetworkStore(root: store.root + "/networks")
        var addresses: [String: String] = [:]
        for name in record.config.networks where !AppNetwork.reservedNames.contains(name) {
            if let member = (try? networks.members(of: name))?.first(where: { $0.containerID == record.id }) {
                addresses[name] = member.address
            }
        }
        return addresses
    }

    /// `inspect A B...` as docker prints it: a JSON array, one object per container.
    public func inspectJSON(_ references: [String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(try references.map(inspect)), as: UTF8.self)
    }
}
