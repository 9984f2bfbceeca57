import NamespaceCore

/// `cbench app` run by the user: the busybox root imported into a store of its own
/// (CBENCH_APP_ROOT, CBENCH_APP_RUN in its directory), then `cbench app run --rm`.
extension AppCLITarget: RootlessStartingTarget {
    public var rootlessMeans: String {
        "cbench app import then cbench app run --rm as the user, its store and run state in DIR (CBENCH_APP_ROOT, CBENCH_APP_RUN)"
    }

    public func startRootless(as user: RootlessUser, rootfs: String, command: [String], directory: String) throws -> [RootlessStep] {
        let cbench = try CBenchExecutable.locate()
        let environment = ["env", "CBENCH_APP_ROOT=\(directory)/store", "CBENCH_APP_RUN=\(directory)/run"]
        let imported = try user.run(environment + [cbench, "app", "import", rootfs, "cbench-rootless"], in: directory)
        guard imported.status == 0 else { return [imported] }
        return [imported, try user.run(environment + [cbench, "app", "run", "--rm", "cbench-rootless"] + command, in: directory)]
    }
}
