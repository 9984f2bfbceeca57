#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Where the `cbench` program is, for the helpers it runs as separate processes (the app
/// supervisor, the console relay) and for targets that measure its command line.
public enum CBenchExecutable {
    /// `CBENCH_EXECUTABLE`; else this program when it is cbench; else a `cbench` beside it or
    /// up to four directories above it (a test bundle inside the build directory).
    public static func locate() throws(CoreError) -> String {
        if let chosen = getenv("CBENCH_EXECUTABLE").map({ String(cString: $0) }), access(chosen, X_OK) == 0 { return chosen }
        let own = current()
        if own.hasSuffix("/cbench") { return own }
        var directory = own
        for _ in 0..<4 {
            guard let slash = directory.lastIndex(of: "/") else { break }
            directory = String(directory[..<slash])
            if access(directory + "/cbench", X_OK) == 0 { return directory + "/cbench" }
        }
        throw CoreError(stage: "find cbench", errno: ENOENT, detail: "cannot find the cbench program; set CBENCH_EXECUTABLE")
    }

    /// This process's own executable: /proc/self/exe, or the path it was re-executed from
    /// when it runs from a sealed handle (whose /proc/self/exe names no host path).
    public static func current() -> String {
        if let original = getenv(CSHIM_SEALED_EXE_ENV).map({ String(cString: $0) }), SealedExecutable.isSealed {
            return original
        }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
