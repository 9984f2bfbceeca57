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

/// Where system containers live: `ROOT/NAME/config` (LXC syntax), `ROOT/NAME/rootfs/` and
/// `ROOT/NAME/cbench.json` persist under /var/lib/cbench/system; while one runs, its state is
/// in `RUN/NAME/state.json` under /run/cbench/system.
public struct SystemStore: Sendable {
    public static let defaultRoot = "\(ProjectDirectories.persistent)/system"
    public static let defaultRunRoot = "\(ProjectDirectories.runtime)/system"

    public let root: String
    public let runRoot: String

    public init(root: String = SystemStore.defaultRoot, runRoot: String = SystemStore.defaultRunRoot) {
        self.root = root.droppingTrailingSlashes()
        self.runRoot = runRoot.droppingTrailingSlashes()
    }

    public func directory(of name: String) -> String { "\(root)/\(name)" }
    public func configPath(of name: String) -> String { "\(directory(of: name))/config" }
    public func rootfsPath(of name: String) -> String { "\(directory(of: name))/rootfs" }
    /// The upper directory of a snapshot container's overlay root (`create --snapshot`).
    public func deltaPath(of name: String) -> String { "\(directory(of: name))/delta" }
    public func metadataPath(of name: String) -> String { "\(directory(of: name))/cbench.json" }
    public func stateDirectory(of name: String) -> String { "\(runRoot)/\(name)" }
    public func statePath(of name: String) -> String { "\(stateDirectory(of: name))/state.json" }
    public func consoleLogPath(of name: String) -> String { "\(stateDirectory(of: name))/console.log" }
    /// Where the console relay listens while the container runs.
    public func consoleSocketPath(of name: String) -> String { "\(stateDirectory(of: name))/console.sock" }
    /// The cgroup below every hierarchy root.
    public func cgroupPath(of name: String) -> String { "cbench/system-\(name)" }

    /// Names become paths and cgroup names: a safe alphabet, like LXC's.
    public static func validate(name: String) throws(CoreError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard !name.isEmpty, name.count <= 64, !name.hasPrefix("."), !name.hasPrefix("-"), name.allSatisfy(allowed.contains) else {
            throw CoreError(stage: "container name '\(name)'", detail: "use 1-64 characters from a-z A-Z 0-9 _ . - (not starting with . or -)")
        }
    }

    public func exists(_ name: String) -> Bool {
        access(configPath(of: name), F_OK) == 0
    }

    /// Throws a clear error unless container `name` exists.
    public func requireExisting(_ name: String) throws(CoreError) {
        try Self.validate(name: name)
        guard exists(name) else {
            throw CoreError(stage: "container \(name)", detail: "does not exist (see `cbench system list`)")
        }
    }

    /// Throws a clear error unless `name` is valid and not taken (`stage`: create, import...).
    public func requireNew(_ name: String, stage: String = "create") throws(CoreError) {
        try Self.validate(name: name)
        guard !exists(name) else { throw Self.nameTaken(name, stage: stage) }
    }

    static func nameTaken(_ name: String, stage: String) -> CoreError {
        CoreError(stage: "\(stage) \(name)", detail: "a container named \(name) already exists; destroy it or choose another name")
    }

    /// Every container with a config, sorted.
    public func names() -> [String] {
        let entries = (try? FileIO.names(in: root)) ?? []
        return entries.filter { !$0.hasPrefix(".") && exists($0) }.sorted()
    }

    public func loadConfig(of name: String) throws(CoreError) -> LXCConfig {
        try requireExisting(name)
        return try LXCConfig.load(path: configPath(of: name))
    }

    public func loadMetadata(of name: String) throws(CoreError) -> SystemMetadata {
        try JSONRecord.read(SystemMetadata.self, from: metadataPath(of: name))
    }

    public func saveMetadata(_ metadata: SystemMetadata, of name: String) throws(CoreError) {
        try JSONRecord.write(metadata, to: metadataPath(of: name))
    }
}

/// What cbench keeps beside the LXC config: facts the LXC language has no key for.
public struct SystemMetadata: Codable, Sendable, Equatable {
    public var template: String
    /// The Debian release of a debian container.
    public var release: String?
    public var created: Date
    /// A path inside the container whose appearance means boot has finished.
    public var readinessMarker: String?
    /// The container this one was cloned from.
    public var clonedFrom: String?
    /// The image an `oci` container was made from (NAME:TAG or image ID).
    public var image: String?
    /// Who owns the rootfs's root-owned files on the host (nil: host root, as copied). Changed
    /// once, on the first start with `lxc.idmap`, and recorded so it is not done again.
    public var rootOwner: SystemRootOwner?
    /// How long that ownership shift took, in milliseconds.
    public var ownershipShiftMilliseconds: Double?

    public init(template: String, created: Date = Date(), readinessMarker: String?, clonedFrom: String? = nil) {
        self.template = template
        self.created = created
        self.readinessMarker = readinessMarker
        self.clonedFrom = clonedFrom
    }
}
