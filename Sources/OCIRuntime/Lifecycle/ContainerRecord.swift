#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import NamespaceCore

/// The lifecycle states of the OCI runtime spec, and runc's `paused` (a frozen cgroup).
public enum ContainerStatus: String, Codable, Sendable {
    case creating, created, running, stopped, paused
}

/// What `cbench-oci` keeps about one container between invocations, in `ROOT/ID/state.json`.
public struct ContainerRecord: Codable, Sendable, Equatable {
    public var id: String
    public var bundle: String
    public var rootfs: String
    public var pid: Int32
    /// Field 22 of /proc/PID/stat when the container started: tells a reused pid apart.
    public var pidStartTime: UInt64
    public var created: Date
    /// The cgroup path below each hierarchy root, e.g. `cbench/oci-ID`.
    public var cgroupPath: String
    /// True once `start` released the start gate (or for `run`, at once).
    public var started: Bool
    public var annotations: [String: String]
    /// The config's hooks: start and delete run theirs without the bundle.
    public var hooks: RuntimeSpec.Hooks?
    /// Set by `pause`, cleared by `resume`: only then is the freezer read for `state`.
    public var paused: Bool?

    public init(id: String, bundle: String, rootfs: String, pid: Int32, pidStartTime: UInt64,
                created: Date, cgroupPath: String, started: Bool, annotations: [String: String],
                hooks: RuntimeSpec.Hooks? = nil) {
        self.id = id
        self.bundle = bundle
        self.rootfs = rootfs
        self.pid = pid
        self.pidStartTime = pidStartTime
        self.created = created
        self.cgroupPath = cgroupPath
        self.started = started
        self.annotations = annotations
        self.hooks = hooks
    }

    /// The runtime-spec state of this container with `status` (hooks get it on stdin).
    public func stateDocument(status: ContainerStatus) -> OCIStateDocument {
        OCIStateDocument(ociVersion: RuntimeSpec.supportedVersion, id: id, status: status,
                         pid: status == .stopped ? 0 : pid, bundle: bundle, rootfs: rootfs,
                         created: createdText, annotations: annotations.isEmpty ? nil : annotations)
    }

    /// When it was created, as RFC 3339 text in UTC to the second (runc's state and list show it).
    public var createdText: String {
        RFC3339.string(seconds: time_t(created.timeIntervalSince1970.rounded(.down)))
    }
}

/// The state document of the runtime spec, as `runc state` prints it.
public struct OCIStateDocument: Codable, Sendable, Equatable {
    public var ociVersion: String
    public var id: String
    public var status: ContainerStatus
    public var pid: Int32
    public var bundle: String
    public var rootfs: String
    public var created: String
    public var annotations: [String: String]?
}
