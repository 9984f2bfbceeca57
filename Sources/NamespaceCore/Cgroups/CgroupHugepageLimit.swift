#if canImport(Glibc)
import Glibc
#endif

/// A hugetlb limit: at most `limit` bytes of huge pages of one size. `pageSize` is the kernel's
/// name for the size (`2MB`, `1GB`, `64KB`), which is also part of the control file's name.
public struct CgroupHugepageLimit: Sendable, Equatable {
    public var pageSize: String
    public var limit: UInt64

    public init(pageSize: String, limit: UInt64) {
        self.pageSize = pageSize
        self.limit = limit
    }

    /// Digits then KB, MB or GB, as the kernel names sizes; anything else could not name a
    /// control file (and must not reach a path).
    public static func isPageSizeName(_ name: String) -> Bool {
        guard let unit = ["KB", "MB", "GB"].first(where: { name.hasSuffix($0) }) else { return false }
        let digits = name.dropLast(unit.count)
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }

    /// The kernel's name of a huge page size given in kB (the hugepages-2048kB directories):
    /// the largest whole unit, as mm/hugetlb_cgroup.c formats it (2048 -> 2MB, 1048576 -> 1GB).
    public static func pageSizeName(kilobytes: UInt64) -> String {
        if kilobytes >= 1 << 20 && kilobytes % (1 << 20) == 0 { return "\(kilobytes >> 20)GB" }
        if kilobytes >= 1 << 10 && kilobytes % (1 << 10) == 0 { return "\(kilobytes >> 10)MB" }
        return "\(kilobytes)KB"
    }

    /// The huge page sizes this kernel supports, from /sys/kernel/mm/hugepages (empty without hugetlbfs).
    public static func hostPageSizes(hugepagesDirectory: String = "/sys/kernel/mm/hugepages") -> [String] {
        let entries = (try? FileIO.names(in: hugepagesDirectory)) ?? []
        return pageSizeNames(fromEntries: entries)
    }

    /// `hugepages-2048kB` entries to kernel names, smallest first.
    static func pageSizeNames(fromEntries entries: [String]) -> [String] {
        entries.compactMap { entry -> UInt64? in
            guard entry.hasPrefix("hugepages-"), entry.hasSuffix("kB") else { return nil }
            return UInt64(entry.dropFirst("hugepages-".count).dropLast(2))
        }.sorted().map(pageSizeName(kilobytes:))
    }
}

extension CgroupResources {
    /// Refuses a page size that is not a kernel size name before any file name is made of it.
    func validateHugepageSizes() throws(CoreError) {
        for entry in hugepageLimits where !CgroupHugepageLimit.isPageSizeName(entry.pageSize) {
            throw CoreError(stage: "cgroup hugetlb", errno: EINVAL,
                            detail: "page size '\(entry.pageSize)' is not a size like 2MB or 1GB")
        }
    }
}
