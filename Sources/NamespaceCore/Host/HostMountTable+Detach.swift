#if canImport(Glibc)
import Glibc
#endif

extension HostMountTable {
    /// Detaches every mount at or below `prefix` in this process's mount namespace, deepest
    /// first: what a storage driver, debootstrap or a runtime that died mid-way left inside a
    /// directory we are about to remove.
    public static func detachMounts(under prefix: String) {
        let points = read().map(\.mountPoint).filter { $0 == prefix || $0.hasPrefix(prefix + "/") }
        for point in points.sorted(by: { $0.count > $1.count }) {
            _ = umount2(point, Int32(MNT_DETACH))
        }
    }
}
