#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Whether this program runs from a sealed handle of its executable, and the way to get there
/// later than start-up (CShim/include/cshim_exe_seal.h says why and how).
public enum SealedExecutable {
    /// True when /proc/self/exe is a read-only overlayfs file or a sealed memfd.
    public static var isSealed: Bool { cshim_exe_is_sealed() == 1 }

    /// Executes this program again, with the same arguments and environment, from a sealed
    /// handle, unless it already runs from one. Call it only before anything was created: on
    /// success it does not return. Not for test runners (their arguments would run the tests
    /// again); a non-root caller is left as it is.
    public static func reexecuteIfNeeded() throws(CoreError) {
        guard geteuid() == 0, !isSealed else { return }
        let code = cshim_exec_sealed(CommandLine.unsafeArgv, environ)
        throw CoreError(stage: "execute sealed copy of \(CBenchExecutable.current())", errno: -code)
    }
}

extension LaunchSpec {
    /// The process enters an existing pid namespace, whose other processes see it before its
    /// execve: only a sealed program may launch it.
    public var joinsPidNamespace: Bool { namespaces.contains { $0.kind == .pid && $0.path != nil } }
}
