#if canImport(Glibc)
import Glibc
#endif
import CShim

extension LaunchPlan {
    func fillProperties(_ plan: inout cshim_plan, _ spec: LaunchSpec, create: UInt64,
                        joins: [NamespaceSpec]) throws(CoreError) {
        let hasUTS = create & NamespaceKind.uts.cloneFlag != 0 || joins.contains { $0.kind == .uts }
        if (spec.hostname != nil || spec.domainname != nil) && !hasUTS {
            throw CoreError(stage: "launch spec", errno: EINVAL, detail: "hostname and domainname need a uts namespace")
        }
        try Self.refuseNUL([spec.hostname, spec.domainname].compactMap { $0 }, what: "hostname or domainname")
        plan.hostname = arena.optionalString(spec.hostname)
        plan.domainname = arena.optionalString(spec.domainname)

        var sysctls: [cshim_sysctl] = []
        for (key, value) in spec.sysctl.sorted(by: { $0.key < $1.key }) {
            sysctls.append(cshim_sysctl(path: arena.string(try Self.sysctlPath(key)), value: arena.string(value)))
        }
        plan.sysctls = arena.array(sysctls)
        plan.sysctl_count = sysctls.count

        var rlimits: [cshim_rlimit] = []
        var seen = Set<Int32>()
        for limit in spec.rlimits {
            let resource = try Rlimit.parse(limit.type)
            guard seen.insert(resource).inserted else {
                throw CoreError(stage: "rlimit", errno: EINVAL, detail: "\(Rlimit.name(of: resource)) listed twice")
            }
            guard limit.soft <= limit.hard else {
                throw CoreError(stage: "rlimit", errno: EINVAL,
                                detail: "\(Rlimit.name(of: resource)) soft limit \(limit.soft) is above the hard limit \(limit.hard)")
            }
            rlimits.append(cshim_rlimit(resource: resource, soft: limit.soft, hard: limit.hard,
                                        name: arena.string(Rlimit.name(of: resource))))
        }
        plan.rlimits = arena.array(rlimits)
        plan.rlimit_count = rlimits.count
        plan.umask_value = spec.user.umask.map { Int32($0 & 0o777) } ?? -1
    }

    /// `net.ipv4.ip_forward` -> /proc/sys/net/ipv4/ip_forward; no way out of /proc/sys.
    static func sysctlPath(_ key: String) throws(CoreError) -> String {
        let parts = key.split(separator: key.contains("/") ? "/" : ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." }),
              !key.utf8.contains(0) else {
            throw CoreError(stage: "sysctl", errno: EINVAL, detail: "invalid key \(key)")
        }
        return "/proc/sys/" + parts.joined(separator: "/")
    }
}
