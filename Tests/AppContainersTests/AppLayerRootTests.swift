import NamespaceCore
import OCIImages
import Testing
@testable import AppContainers

/// Which `--read-only` containers get their one layer bound as the root instead of an overlay.
@Suite struct AppLayerRootTests {
    static let layer = "/store/layers/only"
    static let image = ResolvedImage(
        reference: ImageReference(name: "busybox"), manifestDigest: "sha256:" + String(repeating: "cd", count: 32),
        configuration: ImageConfiguration(config: .init(cmd: ["sh"])), layerDirectories: [layer])
    static let mounts = [
        MountSpec(destination: "/proc", type: "proc", source: "proc"),
        MountSpec(destination: "/dev", type: "tmpfs", source: "tmpfs"),
        MountSpec(destination: "/dev/pts", type: "devpts", source: "devpts"),
        MountSpec(destination: "/sys", type: "sysfs", source: "sysfs"),
        MountSpec(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup"),
        MountSpec(destination: "/etc/hosts", type: "bind", source: "/store/c/hosts"),
    ]
    /// What the fake layer holds: the mount points above that are not beneath another mount.
    static let present: Set<String> = Set(["/proc", "/dev", "/sys", "/etc", "/etc/hosts"].map { layer + $0 })

    static func record(readOnly: Bool = true, usernsRemap: Bool = false, image: ResolvedImage = image) -> AppContainerRecord {
        AppContainerRecord(id: String(repeating: "b", count: 64), name: "x", created: "now",
                           config: AppContainerConfig(image: "busybox", readOnly: readOnly, usernsRemap: usernsRemap), image: image)
    }

    static func spec(readOnly: Bool = true, mounts: [MountSpec] = mounts, workingDirectory: String = "/") -> LaunchSpec {
        var spec = LaunchSpec(args: ["sleep", "1"])
        spec.rootfs = RootfsSpec(.overlay(lower: [layer], upper: "/u", work: "/w"), readonly: readOnly)
        spec.mounts = mounts
        spec.workingDirectory = workingDirectory
        return spec
    }

    static func entry(present: Set<String> = present, symlinks: Set<String> = []) -> (String) -> AppLayerRoot.Entry {
        { path in symlinks.contains(path) ? .symlink : present.contains(path) ? .present : .missing }
    }

    @Test func aReadOnlyOneLayerRootWithEveryMountPointIsTheLayer() {
        #expect(AppLayerRoot.layer(for: Self.record(), spec: Self.spec(), entry: Self.entry()) == Self.layer)
    }

    @Test func mountPointsBeneathAnEarlierMountAreThatMountsOwn() {
        #expect(AppLayerRoot.mountPoints(of: Self.mounts) == ["/proc", "/dev", "/sys", "/etc/hosts"])
    }

    @Test func aWritableRootKeepsTheOverlay() {
        #expect(AppLayerRoot.layer(for: Self.record(readOnly: false), spec: Self.spec(readOnly: false), entry: Self.entry()) == nil)
    }

    @Test func severalLayersKeepTheOverlay() {
        var image = Self.image
        image.layerDirectories = ["/store/layers/a", Self.layer]
        #expect(AppLayerRoot.layer(for: Self.record(image: image), spec: Self.spec(), entry: Self.entry()) == nil)
    }

    @Test func aUserNamespacedContainerKeepsItsIdmappedOverlay() {
        #expect(AppLayerRoot.layer(for: Self.record(usernsRemap: true), spec: Self.spec(), entry: Self.entry()) == nil)
    }

    @Test func aMountPointMissingFromTheLayerKeepsTheOverlay() {
        let missingHosts = Self.present.subtracting([Self.layer + "/etc/hosts"])
        #expect(AppLayerRoot.layer(for: Self.record(), spec: Self.spec(), entry: Self.entry(present: missingHosts)) == nil)
        let volume = Self.mounts + [MountSpec(destination: "/data", type: "bind", source: "/v")]
        #expect(AppLayerRoot.layer(for: Self.record(), spec: Self.spec(mounts: volume), entry: Self.entry()) == nil)
    }

    @Test func aSymlinkOnTheWayKeepsTheOverlay() {
        #expect(AppLayerRoot.layer(for: Self.record(), spec: Self.spec(), entry: Self.entry(symlinks: [Self.layer + "/etc"])) == nil)
    }

    @Test func aMissingWorkingDirectoryKeepsTheOverlay() {
        #expect(AppLayerRoot.layer(for: Self.record(), spec: Self.spec(workingDirectory: "/srv"), entry: Self.entry()) == nil)
        let withSrv = Self.present.union([Self.layer + "/srv"])
        #expect(AppLayerRoot.layer(for: Self.record(), spec: Self.spec(workingDirectory: "/srv"), entry: Self.entry(present: withSrv))
            == Self.layer)
    }
}
