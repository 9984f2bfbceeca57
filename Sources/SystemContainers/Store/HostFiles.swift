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
}
