import NamespaceCore
import OCIImages

/// A container as `create` made it: its ID and name, what was asked (`config`) and what the
/// image resolved to, so `start` needs no image lookup. Saved as container.json.
public struct AppContainerRecord: Codable, Sendable, Equatable {
    /// 64 hex digits; the first 12 are what `ps` shows.
    public var id: String
    public var name: String
    public var created: String
    public var config: AppContainerConfig
    public var imageDigest: String
    /// Unpacked layer directories, bottom layer first (as `ResolvedImage` gives them).
    public var layerDirectories: [String]
    public var imageParameters: ImageConfiguration.ExecutionParameters?

    public init(id: String, name: String, created: String, config: AppContainerConfig, image: ResolvedImage) {
        self.id = id
        self.name = name
        self.created = created
        self.config = config
        self.imageDigest = image.manifestDigest
        self.layerDirectories = image.layerDirectories
        self.imageParameters = image.configuration.config
    }

    public var shortID: String { String(id.prefix(12)) }
    public var hostname: String { config.hostname ?? shortID }
}

/// The persistent half of a container's state: what `ps -a` and `inspect` show after it ends.
public struct AppContainerState: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case created, running, exited
    }
    public var status: Status
    public var exitCode: Int32?
    public var startedAt: String?
    public var finishedAt: String?
    /// The OOM killer ended a process of the container during its last run (docker's
    /// `State.OOMKilled`); nil before the first run ends.
    public var oomKilled: Bool?
    /// Set when the container was checkpointed (stopped by its checkpoint, restorable from it).
    public var checkpointedAt: String?

    public init(status: Status, exitCode: Int32? = nil, startedAt: String? = nil, finishedAt: String? = nil, oomKilled: Bool? = nil) {
        self.status = status
        self.exitCode = exitCode
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.oomKilled = oomKilled
    }
}

/// The live half, under RUN/ID/state.json while the container runs: the keys `pid` and
/// `pidStartTime` are the ones `cbench cleanup` reads to kill a crashed run's process.
public struct AppRunState: Codable, Sendable, Equatable {
    public var pid: Int32
    public var pidStartTime: UInt64
    /// The process that waits for the container and records its end (`_supervise`, or the
    /// foreground `run`).
    public var supervisorPid: Int32
    public var supervisorStartTime: UInt64
    public var cgroupPath: String
    /// Host ends of the container's veth pairs (network helper), removed at the end.
    public var hostLinks: [String]
    /// Where the persistent half lives, so a leftover run state leads to its container.
    public var storeRoot: String

    public init(pid: Int32, pidStartTime: UInt64, supervisorPid: Int32, supervisorStartTime: UInt64,
                cgroupPath: String, hostLinks: [String] = [], storeRoot: String) {
        self.pid = pid
        self.pidStartTime = pidStartTime
        self.supervisorPid = supervisorPid
        self.supervisorStartTime = supervisorStartTime
        self.cgroupPath = cgroupPath
        self.hostLinks = hostLinks
        self.storeRoot = storeRoot
    }

    public var isAlive: Bool { ProcessLiveness.isAlive(pid: pid, startTime: pidStartTime) }
    public var supervisorIsAlive: Bool { ProcessLiveness.isAlive(pid: supervisorPid, startTime: supervisorStartTime) }
}
