import NamespaceCore

/// Whole-tree copies and removals. Not on a hot path, so the coreutils do them: `cp -a
/// --reflink=auto` shares blocks where the file system can (btrfs, xfs).
enum HostFiles {
    static func copyTree(_ source: String, to destination: String) throws(CoreError) {
        try run(["cp", "-a", "--reflink=auto", "--", source, destination], stage: "copy \(source) to \(destination)")
    }

    /// Stays on one file system, so a mount left inside is not followed.
    static func removeTree(_ path: String) throws(CoreError) {
        try run(["rm", "-rf", "--one-file-system", "--", path], stage: "remove \(path)")
    }

    private static func run(_ arguments: [String], stage: String) throws(CoreError) {
        guard let result = HostCommandRunner().run(arguments) else {
            throw CoreError(stage: stage, detail: "\(arguments[0]) could not be started")
        }
        guard result.status == 0 else {
            throw CoreError(stage: stage, detail: "\(arguments[0]) exited with \(result.status): \(result.output.trimmingCharacters(in: " \n"))")
        }
    }
}
