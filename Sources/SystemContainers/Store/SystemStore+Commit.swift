#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemStore {
    /// What a new container is, once its rootfs is in place.
    struct NewContainer {
        /// The LXC config, in full.
        var configText: String
        /// `created` is set when the container is committed.
        var metadata: SystemMetadata
    }

    /// The one way a system container comes to be (create, create from an image, clone,
    /// import). All or nothing: the directory is reserved, `populate` fills the rootfs and
    /// says what the container is, the config is written beside its final name and loaded
    /// (so a bad one fails here), the metadata is saved, and the config is renamed into place
    /// last, because a directory without a config is not a container. On any failure the
    /// directory goes again.
    @discardableResult
    func commitNew(_ name: String, stage: String, populate: (_ rootfs: String) throws -> NewContainer) throws -> LXCConfig {
        try reserve(name, stage: stage)
        do {
            var made = try populate(rootfsPath(of: name))
            let staged = configPath(of: name) + ".new"
            try FileIO.write(staged, Array(made.configText.utf8))
            let config = try LXCConfig.load(path: staged)
            made.metadata.created = Date()
            try saveMetadata(made.metadata, of: name)
            guard rename(staged, configPath(of: name)) == 0 else {
                throw CoreError.fromErrno("rename \(staged)")
            }
            return config
        } catch {
            try? FileIO.removeTree(directory(of: name))
            throw error
        }
    }

    /// Creates the container's directory; a taken name is an error.
    func reserve(_ name: String, stage: String) throws(CoreError) {
        try FileIO.makeDirectories(root)
        guard mkdir(directory(of: name), 0o711) == 0 else {
            if errno == EEXIST {
                throw Self.nameTaken(name, stage: stage)
            }
            throw CoreError.fromErrno("mkdir \(directory(of: name))")
        }
    }
}
