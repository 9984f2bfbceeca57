#if canImport(Glibc)
import Glibc
#endif

extension Launcher {
    /// Writes the child's uid and gid maps (setgroups "deny" first when the plan must).
    func writeIDMaps(_ spec: LaunchSpec, plan: LaunchPlan, pid: Int32) throws(CoreError) {
        if !plan.setGroupsAllowed {
            try LauncherFiles.write("/proc/\(pid)/setgroups", "deny", stage: "write setgroups")
        }
        try LauncherFiles.write("/proc/\(pid)/uid_map", Self.mapText(spec.uidMappings), stage: "write uid_map")
        try LauncherFiles.write("/proc/\(pid)/gid_map", Self.mapText(spec.gidMappings), stage: "write gid_map")
    }

    /// "containerID hostID size" lines, as /proc/PID/uid_map takes them.
    static func mapText(_ mappings: [IDMapping]) -> String {
        mappings.map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined()
    }
}
