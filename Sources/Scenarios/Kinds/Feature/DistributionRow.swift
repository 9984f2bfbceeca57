import Foundation
import NamespaceCore
import Results
import SystemContainers
import Targets

/// "Another distribution than the host": a container whose root is another distribution
/// (Debian bullseye, older than the bookworm host; trixie, newer; busybox) on every target.
/// Evidence: the guest's /etc/os-release as the probe read it inside, beside the host's, and
/// a guest binary (its own loader and libraries) that ran there.
public struct DistributionRow: ProbedFeatureRow {
    public enum Guest: Sendable, Equatable {
        case debian(DebianRelease)
        case busybox
    }

    public var guest: Guest
    /// The host's os-release, what the guest's must differ from.
    public var host: OSReleaseFields

    public init(guest: Guest, host: OSReleaseFields = .host) {
        self.guest = guest
        self.host = host
    }

    public var key: String {
        switch guest {
        case .debian(let release): return "distribution-\(release.rawValue)"
        case .busybox: return "distribution-busybox"
        }
    }

    public var feature: String {
        switch guest {
        case .debian(.bullseye): return "another distribution: Debian bullseye (older)"
        case .debian(.trixie): return "another distribution: Debian trixie (newer)"
        case .debian(let release): return "another distribution: Debian \(release.rawValue)"
        case .busybox: return "another distribution: busybox"
        }
    }

    public var group: String { "distributions" }

    /// The VERSION_ID a Debian guest's os-release has.
    var expectedVersionID: String? {
        switch guest {
        case .debian(.bullseye): return "11"
        case .debian(.bookworm): return "12"
        case .debian(.trixie): return "13"
        case .busybox: return nil
        }
    }

    /// A binary of the guest's own, run to its end inside.
    var guestCommand: String {
        switch guest {
        case .debian: return "/usr/bin/dpkg --version"
        case .busybox: return "/bin/busybox --help"
        }
    }

    public func container(_ setup: FeatureRowSetup) throws -> ContainerWorkload {
        let rootfs: String
        switch guest {
        case .busybox:
            rootfs = setup.busyboxRootfs
        case .debian(let release):
            let cache = DebianRootfsCache()
            if access(cache.path(of: release) + "/sbin/init", F_OK) != 0 {
                setup.note("debootstrap \(release.rawValue) into \(cache.path(of: release)) (about 30 s, once)")
            }
            do {
                rootfs = try cache.rootfs(of: release)
            } catch {
                throw StepFailure(stage: "debootstrap \(release.rawValue)", error.description)
            }
        }
        return setup.probeWorkload(rootfs: rootfs, ["--only", "os_release", "--run", guestCommand])
    }

    public func judge(_ report: ProbeReport, target: String) -> FeatureResult {
        let inside = report.osRelease
        let run = report.runs?.first { $0.command == guestCommand }
        var lines = ["inside: " + (inside.map(Self.describe) ?? "no /etc/os-release or /usr/lib/os-release"),
                     "host: " + host.description]
        lines.append("$ \(guestCommand)")
        lines.append(run.map(Self.describe) ?? "not run")
        let evidence = lines.joined(separator: "\n")
        let ran = run.map { $0.errno == nil && $0.exit == 0 } ?? false
        if let inside, inside.id == host.id, inside.versionID == host.versionID {
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                 detail: "the container shows the host's own distribution (\(host.description))")
        }
        if let inside, let expected = expectedVersionID, inside.id != "debian" || inside.versionID != expected {
            // The target ran another root than the one asked for: no answer to the question.
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence,
                                 detail: "the container shows \(Self.describe(inside)), not the Debian root asked for (VERSION_ID \(expected))")
        }
        if inside == nil, case .debian = guest {
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                 detail: "no os-release inside: the Debian root is not what the container sees")
        }
        guard ran else {
            return FeatureResult(feature: feature, target: target, outcome: .partial, evidence: evidence,
                                 detail: "the guest's root is there, but its binary did not run: " + (run.map(Self.describe) ?? "not run"))
        }
        let name = inside.map { $0.prettyName ?? $0.id ?? "unnamed" } ?? "no os-release"
        let output = run?.output?.split(separator: "\n").first.map(String.init) ?? ""
        return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                             detail: "\(name) on a \(host.prettyName ?? host.id ?? "host") host; \(output)")
    }

    static func describe(_ release: ProbeReport.OSRelease) -> String {
        "\(release.prettyName ?? "no PRETTY_NAME") (ID=\(release.id ?? "none"), VERSION_ID=\(release.versionID ?? "none"), from \(release.path ?? "?"))"
    }

    static func describe(_ run: ProbeReport.RunCheck) -> String {
        if let errno = run.errno { return "execve: \(errno)" }
        if run.timedOut == true { return "still running after 10 s (killed)" }
        let status = run.exit.map { "exit \($0)" } ?? run.signal.map { "killed by signal \($0)" } ?? "no exit status"
        return status + "\n" + (run.output ?? "")
    }
}

/// ID, VERSION_ID and PRETTY_NAME of an os-release file.
public struct OSReleaseFields: Sendable, Equatable, CustomStringConvertible {
    public var id: String?
    public var versionID: String?
    public var prettyName: String?

    public init(id: String?, versionID: String?, prettyName: String?) {
        self.id = id
        self.versionID = versionID
        self.prettyName = prettyName
    }

    /// This machine's, from /etc/os-release.
    public static var host: OSReleaseFields {
        parse((try? FileIO.read("/etc/os-release")).map { String(decoding: $0, as: UTF8.self) } ?? "")
    }

    public static func parse(_ text: String) -> OSReleaseFields {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: equals)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[String(line[..<equals])] = value
        }
        return OSReleaseFields(id: values["ID"], versionID: values["VERSION_ID"], prettyName: values["PRETTY_NAME"])
    }

    public var description: String {
        "\(prettyName ?? "no PRETTY_NAME") (ID=\(id ?? "none"), VERSION_ID=\(versionID ?? "none"))"
    }
}
