import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// "Layered images shared": two containers started from one image (the busybox root, with
/// the target's defaults) share the image's layer on the host. From the host, while both
/// run, each one's root mount is read from its init's `/proc/PID/mountinfo`: an overlay
/// names its lower directories, and `bin/busybox` is stat'ed in the lower directory that
/// provides it; any other root is stat'ed through `/proc/PID/root`. The evidence names the
/// device and inode of each. Two overlays over the same inode: supported. Copies (inodes
/// that differ): not supported. A root that is the given directory itself, with no layers
/// over it (an OCI runtime runs the root its bundle names; images are the tool's above it):
/// not applicable. A target whose default is a copy and that shares only when asked
/// (`LayerSharingTarget`: cbench system create --snapshot) is measured with that option, and
/// the evidence names it.
public struct LayeredImageRow: TargetFeatureRow {
    public init() {}

    public var key: String { "layers-shared" }
    public var feature: String { "layered images shared" }
    public var group: String { "images" }
    /// The file of the image both containers must see from one inode.
    static let file = "bin/busybox"

    /// One container's root as the host sees it.
    public struct RootSighting: Sendable, Equatable {
        public var pid: pid_t
        public var fsType: String
        /// The overlay's lower directories, upper first; empty for another root.
        public var lowerDirectories: [String]
        /// The host path stat'ed, and its (device, inode); nil with `error` when it could not be.
        public var path: String
        public var device: UInt64?
        public var inode: UInt64?
        public var error: String?

        public init(pid: pid_t, fsType: String, lowerDirectories: [String], path: String, device: UInt64?, inode: UInt64?, error: String? = nil) {
            self.pid = pid
            self.fsType = fsType
            self.lowerDirectories = lowerDirectories
            self.path = path
            self.device = device
            self.inode = inode
            self.error = error
        }

        public var isOverlay: Bool { fsType == "overlay" }

        /// Reads the root of `pid` (the last mount on `/` in its mountinfo) and stats the file
        /// (`stat` is a seam for tests: the (device, inode) of a host path, or the errno).
        public static func read(pid: pid_t, mountinfo: String?, stat: (String) -> Result<(UInt64, UInt64), CoreError> = Self.statFile) -> RootSighting {
            let root = HostMountTable.parse(mountinfo ?? "").last { $0.mountPoint == "/" }
            let lowers = root.map(lowerDirectories) ?? []
            var candidates = lowers.map { "\($0)/\(LayeredImageRow.file)" }
            if candidates.isEmpty { candidates = ["/proc/\(pid)/root/\(LayeredImageRow.file)"] }
            var lastError = mountinfo == nil ? "mountinfo of pid \(pid) unreadable" : "no \(LayeredImageRow.file) in its root"
            for path in candidates {
                switch stat(path) {
                case .success(let (device, inode)):
                    return RootSighting(pid: pid, fsType: root?.fsType ?? "unknown", lowerDirectories: lowers, path: path, device: device, inode: inode)
                case .failure(let error):
                    lastError = "\(path): \(error)"
                }
            }
            return RootSighting(pid: pid, fsType: root?.fsType ?? "unknown", lowerDirectories: lowers, path: candidates.last ?? "",
                                device: nil, inode: nil, error: lastError)
        }

        /// `lowerdir=A:B` (or one `lowerdir+=` per layer) of an overlay mount, in order.
        static func lowerDirectories(_ entry: HostMountEntry) -> [String] {
            guard entry.fsType == "overlay" else { return [] }
            return entry.superOptions.flatMap { option -> [String] in
                if option.hasPrefix("lowerdir=") { return option.dropFirst("lowerdir=".count).split(separator: ":").map(String.init) }
                if option.hasPrefix("lowerdir+=") { return [String(option.dropFirst("lowerdir+=".count))] }
                return []
            }
        }

        public static func statFile(_ path: String) -> Result<(UInt64, UInt64), CoreError> {
            var info = stat()
            guard stat(path, &info) == 0 else { return .failure(CoreError(stage: "stat \(path)", errno: errno)) }
            return .success((UInt64(info.st_dev), UInt64(info.st_ino)))
        }

        var line: String {
            let root = isOverlay ? "overlay, lowerdir \(lowerDirectories.joined(separator: ":"))" : "\(fsType) (no layers)"
            let identity = device.map { "device \(Self.deviceText($0)) inode \(inode ?? 0)" } ?? "not stat'ed: \(error ?? "unknown")"
            return "init pid \(pid): root \(root); \(path): \(identity)"
        }

        /// `MAJOR:MINOR` of a device number, as the kernel splits it (glibc's gnu_dev_major/minor).
        static func deviceText(_ device: UInt64) -> String {
            let major = ((device >> 32) & 0xffff_f000) | ((device >> 8) & 0xfff)
            let minor = ((device >> 12) & 0xffff_ff00) | (device & 0xff)
            return "\(major):\(minor)"
        }
    }

    public func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult {
        try measure(target, as: (any DensityTarget).self, missing: .unknownInit("the containers' roots could not be read")) { density in
            try compareRoots(of: density, context: context)
        }
    }

    func compareRoots(of target: any DensityTarget, context: TargetRowContext) throws -> FeatureResult {
        let workload = ContainerWorkload(args: IdleContainer.sleepCommand, rootfs: context.busyboxRootfs)
        var sightings: [RootSighting] = []
        var started: [PreparedContainer] = []
        defer { for container in started.reversed() { target.cleanup(container) } }
        let sharing = target as? any LayerSharingTarget
        for suffix in ["-a", "-b"] {
            let id = context.id + suffix
            let container = try sharing?.prepareSharingLayers(workload, id: id) ?? target.prepare(workload, id: id)
            started.append(container)
            _ = try target.startUntilRunning(container)
        }
        for container in started {
            let pid = try target.idleInitPid(container)
            let mountinfo = try? FileIO.read("/proc/\(pid)/mountinfo")
            sightings.append(RootSighting.read(pid: pid, mountinfo: mountinfo.map { String(decoding: $0, as: UTF8.self) }))
        }
        return judge(target: target.name, sightings, means: sharing?.layerSharingMeans)
    }

    /// The cell from the two containers' roots; `means`: the target's option that made them
    /// share (nil: its defaults).
    func judge(target: String, _ sightings: [RootSighting], means: String? = nil) -> FeatureResult {
        let evidence = (["how: " + (means ?? "\(target)'s defaults"),
                         "two containers from one image (\(LayeredImageRow.file) of the busybox root), both running; from the host:"]
            + sightings.enumerated().map { "container \($0.offset + 1): \($0.element.line)" }).joined(separator: "\n")
        guard sightings.count == 2, let first = sightings.first, let second = sightings.last,
              let device = first.device, let inode = first.inode, second.device != nil else {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence,
                                 detail: "a container's \(LayeredImageRow.file) could not be stat'ed from the host")
        }
        let same = first.device == second.device && first.inode == second.inode
        let identity = "device \(RootSighting.deviceText(device)) inode \(inode)"
        switch (first.isOverlay && second.isOverlay, same) {
        case (true, true):
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                                 detail: "both roots are overlays over one lower layer: \(LayeredImageRow.file) is \(identity) in both")
        case (_, false):
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                 detail: "each container has its own copy: \(LayeredImageRow.file) is inode \(inode) and inode \(second.inode ?? 0)")
        case (false, true):
            return FeatureResult(feature: feature, target: target, outcome: .notApplicable, evidence: evidence,
                                 detail: "both run the directory they are given (\(identity)), with no layers over it: images are not this target's")
        }
    }
}
