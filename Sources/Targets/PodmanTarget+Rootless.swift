import Glibc
import NamespaceCore

/// Rootless podman: as the user, with storage and run state in its directory, the busybox
/// root imported as an image (root-owned in the image), then `podman run --rm --network none`
/// with podman's rootless defaults; podman maps the user's subordinate ids through
/// newuidmap/newgidmap.
extension PodmanTarget: RootlessStartingTarget {
    public var rootlessMeans: String {
        "podman --root DIR/storage --runroot DIR/run --runtime \(runtime) as the user: import of the busybox root, then run --rm --network none with its rootless defaults (the user's subordinate ids through newuidmap)"
    }

    public func startRootless(as user: RootlessUser, rootfs: String, command: [String], directory: String) throws -> [RootlessStep] {
        let tarball = "\(directory)/busybox.tar"
        try user.tarball(of: rootfs, at: tarball)
        let podman = [executable, "--root", "\(directory)/storage", "--runroot", "\(directory)/run", "--cgroup-manager", "cgroupfs",
                      "--events-backend", "none", "--runtime", runtime]
        let image = "localhost/cbench-rootless:latest"
        let imported = try user.run(podman + ["import", tarball, image], in: directory)
        guard imported.status == 0 else { return [imported] }
        let run = try user.run(podman + ["run", "--rm", "--network", "none", image] + command, in: directory)
        return [imported, run]
    }
}
