#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import JSONRecords
import NamespaceCore

/// Named volumes: `root/NAME/_data` holds the data, `root/NAME/volume.json` the record.
public struct VolumeStore: Sendable {
    public static let defaultRoot = AppDirectories.persistent + "/volumes"
    public let root: String

    /// `root` defaults to `AppDirectories.persistent/volumes`; tests pass a temporary directory.
    public init(root: String = VolumeStore.defaultRoot) {
        self.root = root
    }

    func directory(_ name: String) -> String { "\(root)/\(name)" }
    func recordPath(_ name: String) -> String { "\(root)/\(name)/volume.json" }
    public func dataPath(_ name: String) -> String { "\(root)/\(name)/_data" }

    /// Makes the volume, or returns the existing one when `existingIsFine` (first use by a
    /// container). A volume made here is first filled by `populate` with its data directory
    /// (what the container's image holds at the mount point); a failure there unmakes it.
    @discardableResult
    public func create(_ name: String, existingIsFine: Bool = false, populate: ((String) throws -> Void)? = nil) throws -> AppVolume {
        try AppNetwork.validateName(name, what: "volume")
        try FileIO.makeDirectories(root)
        return try FileLock(path: "\(root)/.lock").withLock {
            if let existing = try JSONRecord.readIfPresent(AppVolume.self, from: recordPath(name)) {
                if existingIsFine { return existing }
                throw CoreError(stage: "volume create \(name)", detail: "a volume named \(name) already exists: use it, or remove it with `cbench app volume rm \(name)`")
            }
            try FileIO.makeDirectories(dataPath(name))
            let volume = AppVolume(name: name, mountpoint: dataPath(name))
            do {
                try populate?(dataPath(name))
                try JSONRecord.write(volume, to: recordPath(name))
            } catch {
                try? FileIO.removeTree(directory(name))
                throw error
            }
            return volume
        }
    }

    public func list() throws -> [AppVolume] {
        guard let names = try? FileIO.names(in: root) else { return [] }
        return try names.filter { !$0.hasPrefix(".") }.sorted().compactMap { try JSONRecord.readIfPresent(AppVolume.self, from: recordPath($0)) }
    }

    public func inspect(_ name: String) throws -> AppVolume {
        try AppNetwork.validateName(name, what: "volume")
        guard let volume = try JSONRecord.readIfPresent(AppVolume.self, from: recordPath(name)) else {
            throw CoreError(stage: "volume \(name)", detail: "no such volume: see `cbench app volume ls`, or make it with `cbench app volume create \(name)`")
        }
        return volume
    }

    /// Deletes the volume and its data. `users` maps each volume name to the containers using
    /// it (the caller knows them); a volume in use is refused, naming them.
    public func remove(_ name: String, users: [String: [String]] = [:]) throws {
        _ = try inspect(name)
        if let using = users[name], !using.isEmpty {
            throw CoreError(stage: "volume rm \(name)", detail: "in use by \(using.joined(separator: ", ")): remove \(using.count == 1 ? "that container" : "those containers") first")
        }
        try FileLock(path: "\(root)/.lock").withLock {
            do {
                try FileIO.removeTree(directory(name))
            } catch {
                throw CoreError(stage: "volume rm \(name)", detail: "\(error)", cause: error)
            }
        }
    }
}
