#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension TargetContext {
    /// Why no smoke container can run here, or nil: the busybox root it runs is missing.
    var missingSmokeRootfs: String? {
        access(smokeRootfs + "/bin/busybox", F_OK) == 0 ? nil : "no busybox root file system at \(smokeRootfs) (make setup)"
    }

    /// Makes the work directory; why it could not, or nil.
    func makeWorkDirectory() -> String? {
        do {
            try FileIO.makeDirectories(workDirectory, mode: 0o755)
            return nil
        } catch {
            return "cannot create \(workDirectory): \(error)"
        }
    }
}
