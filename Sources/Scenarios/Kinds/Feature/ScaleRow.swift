import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// "Several containers on one server", decided by a small density ramp (`kind: density` with
/// `rows: [several-containers]`): N idle containers running at once on the target, and two of
/// them (the first and the last started) isolated from each other, seen from the host while
/// all N run: each one's init is pid 1 of its own pid namespace, and the two share none of
/// the pid, mount, network, UTS and IPC namespaces. A ramp that stops below N is "partial"
/// with what stopped it; one that started none failed to measure, with the error.
public enum ScaleRow {
    public static let key = "several-containers"
    public static let feature = "several containers on one server"
    public static let group = "scale"
    /// The namespaces two containers must not share.
    static let namespaces = ["pid", "mnt", "net", "uts", "ipc"]

    /// One container's init as the host sees it: its namespaces and its pid in each pid
    /// namespace, outermost first (`NSpid`).
    public struct Sighting: Sendable, Equatable {
        public var pid: pid_t
        /// Namespace type to its link text, e.g. `pid` → `pid:[4026532201]`.
        public var namespaces: [String: String]
        public var nestedPids: [Int]

        public init(pid: pid_t, namespaces: [String: String], nestedPids: [Int]) {
            self.pid = pid
            self.namespaces = namespaces
            self.nestedPids = nestedPids
        }

        /// Reads `/proc/PID/ns/*` and `NSpid` (from the files given, so tests can fake them).
        public static func read(pid: pid_t, link: (String) -> String? = Self.readLink, status: (pid_t) -> String? = Self.status) -> Sighting {
            var namespaces: [String: String] = [:]
            for type in ScaleRow.namespaces {
                if let text = link("/proc/\(pid)/ns/\(type)") { namespaces[type] = text }
            }
            let line = status(pid)?.split(separator: "\n").first { $0.hasPrefix("NSpid:") }
            let nested = line.map { $0.dropFirst("NSpid:".count).split(whereSeparator: \.isWhitespace).compactMap { Int($0) } } ?? []
            return Sighting(pid: pid, namespaces: namespaces, nestedPids: nested)
        }

        public static func readLink(_ path: String) -> String? {
            var buffer = [CChar](repeating: 0, count: 256)
            let count = readlink(path, &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        public static func status(_ pid: pid_t) -> String? {
            (try? FileIO.read("/proc/\(pid)/status", limit: 8192)).map { String(decoding: $0, as: UTF8.self) }
        }

        var line: String {
            "host pid \(pid), NSpid \(nestedPids.map(String.init).joined(separator: " ")); "
                + ScaleRow.namespaces.map { namespaces[$0] ?? "\($0):?" }.joined(separator: " ")
        }
    }

    /// What was seen of two of the running containers, or why they could not be seen.
    public enum Isolation: Sendable, Equatable {
        case seen(first: Int, Sighting, last: Int, Sighting)
        case unseen(String)
    }

    /// The first and the last of `live` (all running), seen from the host through the
    /// target's init pid (its own answer, else the process of its cgroup that is pid 1 inside).
    static func look(at live: [PreparedContainer], target: any DensityTarget) -> Isolation {
        guard live.count >= 2, let first = live.first, let last = live.last else {
            return .unseen("fewer than two containers ran at once (\(live.count))")
        }
        do {
            return .seen(first: 1, Sighting.read(pid: try target.idleInitPid(first)),
                         last: live.count, Sighting.read(pid: try target.idleInitPid(last)))
        } catch {
            return .unseen("the containers' init could not be found: \(error)")
        }
    }

    /// The cell of `target`: `reached` of `required` containers ran at once until `stop`.
    public static func judge(target: String, required: Int, reached: Int, stop: String, isolation: Isolation) -> FeatureResult {
        var lines = ["density ramp of idle containers: \(reached) of \(required) running at once; \(stop)"]
        var shared: [String] = []
        var notInit: [Int] = []
        switch isolation {
        case .seen(let firstIndex, let first, let lastIndex, let last):
            lines.append("container \(firstIndex): \(first.line)")
            lines.append("container \(lastIndex): \(last.line)")
            shared = namespaces.filter { type in first.namespaces[type] == nil || first.namespaces[type] == last.namespaces[type] }
            notInit = [(firstIndex, first), (lastIndex, last)].filter { $0.1.nestedPids.count < 2 || $0.1.nestedPids.last != 1 }.map(\.0)
            lines.append(shared.isEmpty ? "the two share none of the \(namespaces.joined(separator: ", ")) namespaces"
                : "the two share the \(shared.joined(separator: ", ")) namespace\(shared.count == 1 ? "" : "s")")
            if !notInit.isEmpty {
                lines.append("container \(notInit.map(String.init).joined(separator: " and ")): init is not pid 1 of a pid namespace of its own")
            }
        case .unseen(let reason):
            lines.append("isolation not seen: \(reason)")
        }
        let evidence = lines.joined(separator: "\n")
        guard reached > 0 else {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence, detail: "no container started: \(stop)")
        }
        guard reached >= required else {
            return FeatureResult(feature: feature, target: target, outcome: .partial, evidence: evidence,
                                 detail: "\(reached) of \(required) at once, then \(stop)")
        }
        if case .unseen(let reason) = isolation {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence,
                                 detail: "\(reached) ran at once, but their isolation was not seen: \(reason)")
        }
        guard shared.isEmpty, notInit.isEmpty else {
            let missing = shared.isEmpty ? "an init that is not pid 1 of its own pid namespace" : "containers sharing the \(shared.joined(separator: ", ")) namespaces"
            return FeatureResult(feature: feature, target: target, outcome: .partial, evidence: evidence,
                                 detail: "\(reached) ran at once, with \(missing)")
        }
        return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                             detail: "\(reached) running at once, each in its own pid, mount, network, UTS and IPC namespaces")
    }
}
