#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Whole-tree copies. Not on a hot path, so coreutils does it: `cp -a --reflink=auto` shares
/// blocks where the file system can (btrfs, xfs).
public enum HostFiles {
    public static func copyTree(_ source: String, to destination: String) throws(CoreError) {
        let stage = "copy \(source) to \(destination)"
        let result: SpawnResult
        do {
            result = try Spawn(["cp", "-a", "--reflink=auto", "--", source, destination], stderr: .stdout, session: .inherited).run()
        } catch {
            throw CoreError(stage: stage, detail: "cp could not be started: \(error)", cause: error)
        }
        guard result.status == 0 else {
            throw CoreError(stage: stage, detail: "cp exited with \(result.status): \(result.stdout.trimmingCharacters(in: " \n"))")
        }
    }

    /// Makes each relative directory below `destination` with the mode and owner it has
    /// below `source` (parents first; one missing in `source` gets 0755, root's).
    static func mirrorDirectories(_ relatives: [String], from source: String, into destination: String) throws(CoreError) {
        for relative in relatives {
            var info = stat()
            let exists = stat(source + "/" + relative, &info) == 0
            let path = destination + "/" + relative
            guard mkdir(path, exists ? info.st_mode & 0o7777 : 0o755) == 0 || errno == EEXIST else {
                throw CoreError.fromErrno("mkdir \(path)")
            }
            guard chmod(path, exists ? info.st_mode & 0o7777 : 0o755) == 0,
                  !exists || chown(path, info.st_uid, info.st_gid) == 0 else {
                throw CoreError.fromErrno("set the mode and owner of \(path)")
            }
        }
    }
}
