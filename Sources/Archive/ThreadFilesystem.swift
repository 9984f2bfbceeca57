#if canImport(Glibc)
import Glibc
#endif
import CShim
import NamespaceCore

/// The working directory and the umask belong to the whole process (its fs_struct), and
/// libarchive changes both for a moment on the calling thread's behalf:
/// - its disk reader fchdir()s into the directories it walks and back (strace, 3.6.2), so a
///   child another thread spawned meanwhile started inside the walked tree (dash's "getcwd()
///   failed" once a test removed it; a container's tmpfs during a dump's copy);
/// - its disk writer reads the umask as `umask(0)` and sets it back, so a file or directory
///   another thread made in between got mode 0777 (dpkg-deb: "control directory has bad
///   permissions 777" in a parallel unit run).
/// The thread that drives either therefore first takes an fs_struct of its own
/// (unshare(CLONE_FS) of itself: the same directory, root and umask, private from then on).
enum ThreadFilesystem {
    static func makePrivate(for purpose: String) throws(CoreError) {
        let cloneFS: Int32 = 0x0000_0200
        guard cshim_unshare(cloneFS) == 0 else { throw CoreError(stage: "unshare CLONE_FS for \(purpose)", errno: errno) }
    }
}
