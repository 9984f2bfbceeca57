import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// "Unprivileged operation: container root on an unprivileged host uid". A container whose
/// init runs as root inside is started with the target's defaults; from the host, its init's
/// uid map and its real uid as the host sees it (`/proc/PID/uid_map`, `Uid:` of
/// `/proc/PID/status`). Where that is host uid 0, the same again with the target's own
/// option for a user namespace (`UserMappingOption`). Supported "by default" or "with its
/// option" (the evidence says which); not supported where root stays host uid 0 either way.
public struct UnprivilegedRootRow: TargetFeatureRow {
    public init() {}

    public var key: String { "unprivileged-root" }
    public var feature: String { "unprivileged: container root on an unprivileged host uid" }
    public var group: String { "security" }

    /// What the host saw of one container's init.
    public struct Sighting: Sendable, Equatable {
        /// The real uid of the init on the host (first field of `Uid:`).
        public var hostUID: Int?
        /// Its uid map, one `inside outside count` line each.
        public var uidMap: String

        public init(hostUID: Int?, uidMap: String) {
            self.hostUID = hostUID
            self.uidMap = uidMap
        }

        static func read(pid: pid_t) -> Sighting {
            let status = FileIO.contents("/proc/\(pid)/status")
            let uid = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) }
            let map = FileIO.contents("/proc/\(pid)/uid_map").split(separator: "\n")
                .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.joined(separator: "; ")
            return Sighting(hostUID: uid, uidMap: map)
        }

        var line: String { "init's uid on the host \(hostUID.map(String.init) ?? "unknown"); uid_map \(uidMap.isEmpty ? "unreadable" : uidMap)" }
        var isUnprivileged: Bool { (hostUID ?? 0) != 0 }
    }

    public func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult {
        try measure(target, as: (any DensityTarget).self, missing: .unknownInit("the init's host uid could not be read")) { density in
            try rootMapping(of: density, context: context)
        }
    }

    func rootMapping(of target: any DensityTarget, context: TargetRowContext) throws -> FeatureResult {
        var workload = ContainerWorkload(args: IdleContainer.sleepCommand, rootfs: context.busyboxRootfs)
        let byDefault = try Self.sight(target, workload, id: context.id)
        guard !byDefault.isUnprivileged, let option = UserMappingOption.of(target) else {
            return judge(target: target.name, byDefault: byDefault, option: UserMappingOption.of(target), withOption: nil)
        }
        workload.userNamespace = true
        let withOption = try Self.sight(target, workload, id: context.id + "-userns")
        return judge(target: target.name, byDefault: byDefault, option: option, withOption: withOption)
    }

    /// Starts the container, reads its init from the host, removes it.
    static func sight(_ target: any DensityTarget, _ workload: ContainerWorkload, id: String) throws -> Sighting {
        let container = try target.prepare(workload, id: id)
        defer { target.cleanup(container) }
        _ = try target.startUntilRunning(container)
        return Sighting.read(pid: try target.idleInitPid(container))
    }

    /// The cell from the init seen with the defaults and, where that was host root, with the
    /// target's option (`option` nil: it has none per container).
    func judge(target: String, byDefault: Sighting, option: String?, withOption: Sighting?) -> FeatureResult {
        var lines = ["with \(target)'s defaults: \(byDefault.line)"]
        if let withOption, let option { lines.append("with \(option): \(withOption.line)") }
        if !byDefault.isUnprivileged, option == nil { lines.append("\(target) has no per-container option to map root (userns-remap is a daemon-wide setting)") }
        let evidence = lines.joined(separator: "\n")
        guard byDefault.hostUID != nil else {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence, detail: "the init's uid could not be read")
        }
        if byDefault.isUnprivileged {
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                                 detail: "by default: container root is host uid \(byDefault.hostUID ?? 0)")
        }
        if let withOption, let option, withOption.isUnprivileged {
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                                 detail: "with its own option (\(option)): container root is host uid \(withOption.hostUID ?? 0); by default it is host root")
        }
        if let withOption, withOption.hostUID == nil {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence, detail: "the mapped init's uid could not be read")
        }
        return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                             detail: "container root is host uid 0" + (option == nil ? ", and there is no per-container option" : " with its option too"))
    }
}
