import Foundation
import NamespaceCore
import Results
import Targets

/// A row of the feature matrix beyond isolation (`rows:` of a feature scenario), decided by
/// the probe in a container of its own on every target: the row says what the container
/// holds (its root, the data it needs) and judges the probe's report.
public protocol ProbedFeatureRow: Sendable {
    /// The name in `rows:`, e.g. `distribution-bullseye`.
    var key: String { get }
    /// The matrix row it decides.
    var feature: String { get }
    /// Its group when the reference answers do not place it.
    var group: String { get }
    /// Made once per run before any target starts (a root bootstrapped, a data file
    /// written): the container every target probes. A thrown error fails the row's cells.
    func container(_ setup: FeatureRowSetup) throws -> ContainerWorkload
    /// The cell from the probe's report inside `target`'s container.
    func judge(_ report: ProbeReport, target: String) -> FeatureResult
    /// Whether the container's cgroup counters are read from the host while it runs (for a
    /// target whose containers do not see their own cgroup).
    var watchesCgroup: Bool { get }
    /// The cell from the probe's report and what the host saw meanwhile.
    func judge(_ report: ProbeReport, host: HostSide, target: String) -> FeatureResult
    /// Run once after every target (also after failures): puts back on the host whatever a
    /// container of the row may have changed there.
    func finish()
}

extension ProbedFeatureRow {
    public func finish() {}
    public var watchesCgroup: Bool { false }
    public func judge(_ report: ProbeReport, host: HostSide, target: String) -> FeatureResult { judge(report, target: target) }
}

/// What a row has to make its container: the probe, a directory of the scenario to put
/// data in (bind-mounted read-only at `dataMountPoint`), the busybox root, and a way to
/// show progress (a root that takes half a minute to bootstrap says so).
public struct FeatureRowSetup: Sendable {
    /// The host directory bind-mounted at `dataMountPoint`; the probe is copied into it.
    public var dataDirectory: String
    public var busyboxRootfs: String
    public var note: @Sendable (String) -> Void

    /// An existing, empty directory of every root the rows use (busybox and Debian
    /// minbase), so no target has to create a mount point in a read-only root.
    public static let dataMountPoint = "/mnt"
    public static var probeInContainer: String { dataMountPoint + "/cbench-probe" }

    public init(dataDirectory: String, busyboxRootfs: String, note: @escaping @Sendable (String) -> Void) {
        self.dataDirectory = dataDirectory
        self.busyboxRootfs = busyboxRootfs
        self.note = note
    }

    /// The probe run from the data directory with `arguments`, in `rootfs`.
    public func probeWorkload(rootfs: String, _ arguments: [String]) -> ContainerWorkload {
        ContainerWorkload(args: [Self.probeInContainer] + arguments, rootfs: rootfs,
                          mounts: [.bind(source: dataDirectory, destination: Self.dataMountPoint, readOnly: true)])
    }

    /// Puts `bytes` into the data directory as `name` (mode 0755), for the container to see
    /// at `dataMountPoint/name`.
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = "\(dataDirectory)/\(name)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o755]) else {
            throw StepFailure(stage: "prepare", "create \(path): \(String(cString: strerror(errno)))")
        }
        return "\(Self.dataMountPoint)/\(name)"
    }
}

/// The rows a feature scenario may name in `rows:`.
public enum ProbedFeatureRows {
    public static let all: [any ProbedFeatureRow] = [
        DistributionRow(guest: .debian(.bullseye)),
        DistributionRow(guest: .debian(.trixie)),
        DistributionRow(guest: .busybox),
        WindowsRow(),
    ] + SecurityDefaultRow.all.map { $0 as any ProbedFeatureRow } + ResourceLimitRow.all.map { $0 as any ProbedFeatureRow }

    public static var keys: [String] { all.map(\.key) }

    public static func named(_ key: String) -> (any ProbedFeatureRow)? { all.first { $0.key == key } }

    /// A cell from the probe's output, or a failed cell when the output is not a report.
    static func judge(_ row: any ProbedFeatureRow, output: String, host: HostSide = HostSide(), target: String) -> FeatureResult {
        do {
            return row.judge(try ProbeReport.decode(output), host: host, target: target)
        } catch {
            return FeatureResult(feature: row.feature, target: target, outcome: .failed, evidence: String(output.prefix(2000)),
                                 detail: "probe output not readable: \(error)")
        }
    }
}
