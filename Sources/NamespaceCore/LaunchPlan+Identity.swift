#if canImport(Glibc)
import Glibc
#endif
import CShim

extension LaunchPlan {
    func fillIdentity(_ plan: inout cshim_plan, _ spec: LaunchSpec, capLast: Int32) throws(CoreError) {
        plan.uid = spec.user.uid
        plan.gid = spec.user.gid
        plan.groups = arena.array(spec.user.additionalGids)
        plan.group_count = spec.user.additionalGids.count
        plan.set_groups = setGroupsAllowed ? 1 : 0
        if !setGroupsAllowed && !spec.user.additionalGids.isEmpty {
            throw CoreError(stage: "launch spec", errno: EPERM,
                            detail: "additional gids need setgroups, which an unprivileged user namespace denies")
        }

        plan.cap_last = capLast
        if let caps = spec.capabilities {
            let all = caps.bounding.union(caps.effective).union(caps.inheritable)
                .union(caps.permitted).union(caps.ambient)
            if let unknown = all.first(where: { $0 > UInt32(max(capLast, 0)) || $0 > 63 }) {
                throw CoreError(stage: "capabilities", errno: EINVAL,
                                detail: "unknown capability \(Capability.name(of: unknown)) (kernel knows up to \(capLast))")
            }
            plan.has_capabilities = 1
            plan.cap_bounding = Capability.mask(caps.bounding)
            plan.cap_effective = Capability.mask(caps.effective)
            plan.cap_inheritable = Capability.mask(caps.inheritable)
            plan.cap_permitted = Capability.mask(caps.permitted)
            // The kernel raises an ambient capability only if it is permitted and inheritable;
            // runc's default config lists ambient ones without inheritable and runc skips them
            // with a warning, so the same config runs here the same way.
            plan.cap_ambient = Capability.mask(caps.ambient.intersection(caps.permitted).intersection(caps.inheritable))
        }
        plan.no_new_privs = spec.noNewPrivileges ? 1 : 0

        if let seccomp = spec.seccomp {
            let count = seccomp.instructionCount
            guard seccomp.bytes.count % 8 == 0, count > 0, count <= 4096 else {
                throw CoreError(stage: "seccomp", errno: EINVAL,
                                detail: "program of \(seccomp.bytes.count) bytes is not 1...4096 instructions of 8 bytes")
            }
            plan.has_seccomp = 1
            plan.seccomp_filter = arena.array(seccomp.bytes).map { UnsafeRawPointer($0) }
            plan.seccomp_length = UInt16(count)
            plan.seccomp_flags = seccomp.flags
        }
    }
}
