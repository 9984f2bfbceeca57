import FoundationEssentials
import JSONRecords
import NamespaceCore

/// What `lab up` records for one running lab host, in hosts/NAME/host.json: the sshd that holds
/// its namespaces (`pid` and `pidStartTime` are also how `cbench cleanup` finds it after a crash).
public struct LabHostRecord: Codable, Sendable, Equatable {
    public var name: String
    /// Underlay address with prefix, e.g. 10.251.0.2/24.
    public var address: String
    public var pid: Int32
    public var pidStartTime: UInt64
    public var networkNamespace: String
    public var cgroup: String

    public init(host: LabHostPlan, pid: Int32, pidStartTime: UInt64) {
        name = host.name
        address = host.address.description
        self.pid = pid
        self.pidStartTime = pidStartTime
        networkNamespace = host.networkNamespace
        cgroup = host.cgroupPath
    }

    public var isAlive: Bool { ProcessLiveness.isAlive(pid: pid, startTime: pidStartTime) }

    /// The underlay address alone, e.g. 10.251.0.2.
    public var underlayAddress: String { String(address.split(separator: "/").first ?? "") }

    public static func read(_ path: String) throws -> LabHostRecord {
        try JSONRecord.read(LabHostRecord.self, from: path)
    }

    public func write(to path: String) throws {
        try JSONRecord.write(self, to: path)
    }

    /// Every recorded lab host, in name order (lab1, lab2, ... lab10).
    public static func all(stateDirectory: String = LabPlan.stateDirectory) -> [LabHostRecord] {
        let hosts = stateDirectory + "/hosts"
        let names = HostRoot.system.list(hosts) ?? []
        return names.compactMap { try? read("\(hosts)/\($0)/host.json") }
            .sorted { ($0.name.count, $0.name) < ($1.name.count, $1.name) }
    }
}
