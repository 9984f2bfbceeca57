extension CgroupV2 {
    /// Enables `controllers` in the cgroup.subtree_control of every directory from the root
    /// down to `ancestors.last`, one controller per write so that one the kernel refuses
    /// names itself in the error. Controllers a level does not offer are skipped: the cgroup
    /// then simply lacks them (a limit needing one fails later with ENOENT on its file).
    static func enable(_ controllers: [String], in ancestors: [String], fs: any CgroupFS) throws(CoreError) {
        for directory in ancestors {
            let offered = words(try? fs.read(directory + "/cgroup.controllers"))
            let enabled = words(try? fs.read(directory + "/cgroup.subtree_control"))
            for controller in controllers where offered.contains(controller) && !enabled.contains(controller) {
                do { try fs.write(directory + "/cgroup.subtree_control", "+" + controller) } catch {
                    throw CoreError(stage: "cgroup write cgroup.subtree_control", errno: error.errno,
                                    detail: "+\(controller) in \(directory)")
                }
            }
        }
    }

    private static func words(_ text: String?) -> Set<String> {
        Set((text ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }
}
