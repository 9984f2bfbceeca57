#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

/// What `start` leaves in /run/cbench/system/NAME/state.json for later invocations. The
/// `pid` and `pidStartTime` fields are the ones `cbench cleanup` reads.
public struct SystemStateRecord: Codable, Sendable, Equatable {
    public var name: String
    public var pid: Int32
    /// Field 22 of /proc/PID/stat: tells a reused pid apart.
    public var pidStartTime: UInt64
    public var cgroupPath: String
    public var started: Date
    public var haltSignal: Int32
    public var readinessMarker: String?
    /// Host ends of the container's veth pairs, deleted on stop (nil: no veth network).
    public var hostLinks: [String]?
    /// The detached console relay (`cbench system _console`), when the container has terminals.
    public var consoleRelayPid: Int32?
    public var consoleRelayStartTime: UInt64?
    /// The init was launched from an idmapped mount of the rootfs (nil: a plain or shifted one).
    public var rootIdmapped: Bool?

    public init(name: String, pid: Int32, pidStartTime: UInt64, cgroupPath: String, started: Date,
                haltSignal: Int32, readinessMarker: String?, hostLinks: [String]? = nil) {
        self.name = name
        self.pid = pid
        self.pidStartTime = pidStartTime
        self.cgroupPath = cgroupPath
        self.started = started
        self.haltSignal = haltSignal
        self.readinessMarker = readinessMarker
        self.hostLinks = hostLinks
    }

    public var isAlive: Bool { ProcessLiveness.isAlive(pid: pid, startTime: pidStartTime) }
}

public enum SystemContainerState: String, Sendable, Codable {
    case running = "RUNNING", stopped = "STOPPED"
}

extension SystemStore {
    public func saveState(_ record: SystemStateRecord) throws(CoreError) {
        try JSONRecord.write(record, to: statePath(of: record.name), mode: 0o600)
    }

    /// The record of a container that has one (running, or left by a crash).
    public func loadState(of name: String) -> SystemStateRecord? {
        try? JSONRecord.read(SystemStateRecord.self, from: statePath(of: name))
    }

    /// The record while the init still runs; nil when stopped.
    public func runningState(of name: String) -> SystemStateRecord? {
        guard let record = loadState(of: name), record.isAlive else { return nil }
        return record
    }

    public func state(of name: String) -> SystemContainerState {
        runningState(of: name) == nil ? .stopped : .running
    }

    /// The directory in the state directory where the init stages its locked mounts.
    static let lockStageName = "lock-stage"

    func removeStateDirectory(of name: String) {
        let directory = stateDirectory(of: name)
        // Left only when a start died between mounting it and launching.
        IdmappedMount.unmount("\(directory)/rootfs")
        IdmappedMount.unmount("\(directory)/lower")
        for file in ["state.json", "state.json.tmp", "console.log", "console.sock"] { unlink("\(directory)/\(file)") }
        // Empty on the host: the init mounted its stage in a mount namespace of its own.
        ProjectDirectories.removeIfEmpty([directory + "/" + Self.lockStageName, directory, runRoot, ProjectDirectories.runtime])
    }
}
