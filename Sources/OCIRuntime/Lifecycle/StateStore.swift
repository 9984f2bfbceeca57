#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import JSONRecords
import NamespaceCore

/// The directory tree where `cbench-oci` keeps its containers: `ROOT/ID/state.json` and the
/// start-gate FIFO `ROOT/ID/exec.fifo`. Default root /run/cbench/oci (runc uses /run/runc).
public struct StateStore: Sendable {
    public static let defaultRoot = "\(ProjectDirectories.runtime)/oci"
    public let root: String

    public init(root: String = StateStore.defaultRoot) {
        self.root = root.droppingTrailingSlashes()
    }

    public func directory(of id: String) -> String { "\(root)/\(id)" }
    public func statePath(of id: String) -> String { "\(directory(of: id))/state.json" }
    public func fifoPath(of id: String) -> String { "\(directory(of: id))/exec.fifo" }

    /// Container ids become path components and cgroup names: keep them to a safe alphabet.
    public static func validate(id: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-+")
        guard !id.isEmpty, id.count <= 128, id != ".", id != "..", id.allSatisfy(allowed.contains) else {
            throw CoreError(stage: "container id '\(id)'",
                            detail: "use 1-128 characters from a-z A-Z 0-9 _ . - +")
        }
    }

    /// Creates the container's directory; fails if the id is taken.
    public func reserve(id: String) throws {
        try FileIO.makeDirectories(root)
        if mkdir(directory(of: id), 0o711) != 0 {
            if errno == EEXIST {
                throw CoreError(stage: "create \(id)", detail: "a container with this id already exists; delete it or choose another id")
            }
            throw CoreError.fromErrno("mkdir \(directory(of: id))")
        }
    }

    /// Atomic (a reader sees the old or the new whole) but not synced: the state of a running
    /// container means nothing after a reboot, when none runs, as runc's and crun's under /run,
    /// which they never sync either. Where /run is not a tmpfs (here: the ext4 root) each
    /// synced save was two disk flushes on every create and start (strace, 2026-12-05).
    public func save(_ record: ContainerRecord) throws {
        try JSONRecord.write(record, to: statePath(of: record.id), mode: 0o600, durable: false)
    }

    public func load(id: String) throws -> ContainerRecord {
        try StateStore.validate(id: id)
        let path = statePath(of: id)
        guard let bytes = try? FileIO.read(path) else {
            throw CoreError(stage: "container \(id)", detail: "does not exist under \(root) (see `cbench-oci list`)")
        }
        return try JSONRecord.decode(ContainerRecord.self, from: bytes, what: path)
    }

    /// Every container id with a state file, sorted.
    public func ids() -> [String] {
        let names = (try? FileIO.names(in: root)) ?? []
        return names.filter { access(statePath(of: $0), F_OK) == 0 }.sorted()
    }

    /// Removes the container's directory and everything in it (state, fifo).
    public func remove(id: String) {
        try? FileIO.removeTree(directory(of: id))
        ProjectDirectories.removeIfEmpty([root, ProjectDirectories.runtime])
    }
}
