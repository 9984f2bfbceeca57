#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore
import OCIImages

extension AppStore {
    /// Makes the container's directory, name and files; all or nothing.
    public func create(config: AppContainerConfig, image: ResolvedImage) throws -> AppContainerRecord {
        try makeStoreDirectories()
        let id = Self.newID()
        let name = try allocateName(config.name, for: id)
        do {
            let directory = directory(of: id)
            guard mkdir(directory, 0o711) == 0 else { throw CoreError(stage: "mkdir \(directory)", errno: errno) }
            guard mkdir(upperDirectory(of: id), 0o755) == 0 else { throw CoreError(stage: "mkdir \(upperDirectory(of: id))", errno: errno) }
            guard mkdir(workDirectory(of: id), 0o700) == 0 else { throw CoreError(stage: "mkdir \(workDirectory(of: id))", errno: errno) }
            if config.usernsRemap {
                // Container root is host uid 100000: the writable half of the overlay is its own.
                for directory in [upperDirectory(of: id), workDirectory(of: id)]
                where chown(directory, AppUserNamespace.hostID, AppUserNamespace.hostID) != 0 {
                    throw CoreError(stage: "chown \(directory)", errno: errno)
                }
            }
            var resolved = config
            resolved.name = name
            let record = AppContainerRecord(id: id, name: name, created: RFC3339.now(nanoseconds: true), config: resolved, image: image)
            try writeHostFiles(record)
            try saveRecord(record)
            // No state is written until the start: no file reads as created (`loadState`), so a
            // created state would say nothing more, and its two fsyncs were a third of a start's
            // (strace, 2026-12-05). The start then writes the state new instead of renaming a
            // file over a first one, which ext4 answers by allocating the file's blocks at once
            // (auto_da_alloc) and its removal then frees: a discard to wait for, on a file
            // system mounted with `discard`.
            return record
        } catch {
            removeFiles(id: id, name: name)
            throw error
        }
    }

    /// /etc/hostname, /etc/hosts and /etc/resolv.conf of the container, bind-mounted over the
    /// image's. The network code rewrites hosts as members come and go. No name server: no
    /// traffic may leave the machine (HOST-NOTES.md).
    func writeHostFiles(_ record: AppContainerRecord) throws(CoreError) {
        let hostname = record.hostname
        try FileIO.write(hostnamePath(of: record.id), Array("\(hostname)\n".utf8))
        let hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t\(hostname)\n"
        try FileIO.write(hostsPath(of: record.id), Array(hosts.utf8))
        try FileIO.write(resolvConfPath(of: record.id), Array("# cbench: containers resolve names through /etc/hosts only\n".utf8))
    }

    /// Everything of a container that is not running: its run state, directory and name
    /// (`keepingRunDirectory`: not the run state, which the caller removes itself).
    func removeFiles(id: String, name: String?, keepingRunDirectory: Bool = false) {
        if !keepingRunDirectory { removeRunDirectory(of: id) }
        try? FileIO.removeTree(directory(of: id))
        // A checkpointed container whose images were a move's (the source of a move, once it runs there).
        let moving = movingImages.directory(of: id)
        if access(moving, F_OK) == 0 { movingImages.remove(moving) }
        if let name { releaseName(name, of: id) }
    }

    func removeRunDirectory(of id: String) {
        let directory = runDirectory(of: id)
        for file in ["state.json", "state.json.tmp"] { unlink("\(directory)/\(file)") }
        rmdir(rootfsMountpoint(of: id))
        ProjectDirectories.removeIfEmpty([directory, runRoot, ProjectDirectories.runtime])
    }
}
