import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// Compiled seccomp programs kept on disk, so `cbench app run` does not pay libseccomp's
/// compile of the long default allowlist on every start (about 10 ms against 0.4 ms for a
/// cached load, debug build). A file is keyed by a hash of the profile and stored beside the
/// profile's full description, which is compared on load: a hash collision or a stale file
/// recompiles instead of loading the wrong filter. The default place is the persistent cache
/// (/var/lib/cbench/app/seccomp), not /run/cbench: the leak check counts anything left under
/// /run/cbench once the containers are gone.
public struct SeccompProgramCache: Sendable {
    public var directory: String

    public static let defaultDirectory = AppDirectories.persistent + "/seccomp"

    public init(directory: String = SeccompProgramCache.defaultDirectory) {
        self.directory = directory
    }

    /// The program for `profile`: from the cache when it holds this very profile, else
    /// compiled and stored (best effort: a read-only /run still gets a compiled program).
    public func program(for profile: SeccompProfile) throws(CoreError) -> SeccompProgram {
        let description = profile.canonicalText + "\ncompiled with " + SeccompProfile.compileSettings
        let base = directory + "/seccomp-" + Self.hexHash(description)
        let flags = profile.flags.reduce(UInt32(0)) { $0 | $1.bit }
        if let stored = try? FileIO.read(base + ".profile"), stored == Array(description.utf8),
           let bytes = try? FileIO.read(base + ".bpf"), !bytes.isEmpty, bytes.count % 8 == 0 {
            return SeccompProgram(bytes: bytes, flags: flags)
        }
        let program = try profile.compile()
        store(program.bytes, description: description, base: base)
        return program
    }

    /// Program first, description last: a reader that finds the description finds the program.
    private func store(_ bytes: [UInt8], description: String, base: String) {
        guard (try? FileIO.makeDirectories(directory, mode: 0o755)) != nil else { return }
        let suffix = ".tmp.\(getpid())"
        guard (try? FileIO.write(base + ".bpf" + suffix, bytes, mode: 0o600)) != nil,
              rename(base + ".bpf" + suffix, base + ".bpf") == 0,
              (try? FileIO.write(base + ".profile" + suffix, Array(description.utf8), mode: 0o600)) != nil,
              rename(base + ".profile" + suffix, base + ".profile") == 0 else {
            unlink(base + ".bpf" + suffix)
            unlink(base + ".profile" + suffix)
            return
        }
    }

    /// A file name, not a security boundary (the description is compared).
    static func hexHash(_ text: String) -> String { text.nameHash }
}
