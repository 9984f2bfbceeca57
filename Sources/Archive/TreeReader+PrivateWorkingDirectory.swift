#if canImport(Glibc)
import Glibc
#endif
import CShim
import NamespaceCore

extension TreeReader {
    /// libarchive's disk reader fchdir()s into the directories it walks and back (seen with
    /// strace on 3.6.2). The working directory belongs to the whole process, so a child that
    /// another thread spawns meanwhile would start inside the walked tree (a container's tmpfs
    /// during a dump, a layer a test removes next: dash's "getcwd() failed"), and relative paths
    /// elsewhere would resolve there. The walking thread therefore takes a working directory of
    /// its own first (unshare(CLONE_FS) of itself; it keeps it, at the directory it had).
    static func makeWorkingDirectoryPrivateToThisThread() throws(CoreError) {
        let cloneFS: Int32 = 0x0000_0200
        guard cshim_unshare(cloneFS) == 0 else { throw CoreError(stage: "unshare CLONE_FS for the tree walk", errno: errno) }
    }
}
