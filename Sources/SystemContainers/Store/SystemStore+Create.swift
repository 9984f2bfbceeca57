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
    /// Makes container `name` from `template`, with the lines of `extraConfig` (a file in LXC
    /// syntax) after the template's. Unprivileged (root's subordinate ids) unless `privileged`.
    /// All or nothing: on any failure the directory goes again.
    @discardableResult
    public func create(name: String, template: SystemTemplate, release: DebianRelease? = nil,
                       extraConfig: String? = nil, privileged: Bool = false) throws -> LXCConfig {
        try requireNew(name)
        if template == .oci {
            throw CoreError(stage: "create \(name)", detail: "the oci template needs an image: --image NAME[:TAG]")
        }
        if template != .debian, let release {
            throw CoreError(stage: "create \(name)", detail: "--release \(release.rawValue) is for the debian template only")
        }
        let identity = try Self.identityConfigLines(privileged: privileged)
        let source = try template.sourceRootfs(release: release)
        var extraText = ""
        if let extraConfig {
            // Checked on its own first, so an error names the user's file and line.
            _ = try LXCConfig.load(path: extraConfig)
            extraText = "\n# from \(extraConfig)\n" + (try FileLXCConfigSource().read(extraConfig))
        }
        try reserve(name)
        do {
            try HostFiles.copyTree(source, to: rootfsPath(of: name))
            try template.customize(rootfs: rootfsPath(of: name), name: name, release: release)
            let text = template.config(name: name, rootfs: rootfsPath(of: name), release: release) + identity + extraText
            try FileIO.write(configPath(of: name) + ".new", Array(text.utf8))
            let config = try LXCConfig.load(path: configPath(of: name) + ".new")
            var metadata = SystemMetadata(template: template.rawValue, created: Date(),
                                          readinessMarker: SystemTemplate.busyboxReadinessMarker)
            metadata.release = release?.rawValue
            try saveMetadata(metadata, of: name)
            // The config appears last: a directory without one is not a container.
            guard rename(configPath(of: name) + ".new", configPath(of: name)) == 0 else {
                throw CoreError.fromErrno("rename \(configPath(of: name)).new")
            }
            return config
        } catch {
            try? FileIO.removeTree(directory(of: name))
            throw error
        }
    }

    /// The id mapping lines of a new container (SubordinateIDs), or the privileged note.
    static func identityConfigLines(privileged: Bool) throws(CoreError) -> String {
        privileged ? SubordinateIDs.privilegedConfigLines : try SubordinateIDs.ofRoot().configLines
    }

    /// Creates the container's directory; a taken name is an error.
    func reserve(_ name: String) throws(CoreError) {
        try FileIO.makeDirectories(root)
        guard mkdir(directory(of: name), 0o711) == 0 else {
            if errno == EEXIST {
                throw Self.nameTaken(name, stage: "create")
            }
            throw CoreError.fromErrno("mkdir \(directory(of: name))")
        }
    }
}
