#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// One row of `ps`.
public struct AppContainerSummary: Sendable, Equatable {
    public var record: AppContainerRecord
    public var state: AppContainerState
    public var pid: Int32?

    /// `Up`, `Created` or `Exited (CODE)`, as Docker words it (without durations).
    public var statusText: String {
        switch state.status {
        case .running: return "Up"
        case .created: return "Created"
        case .exited where state.checkpointedAt != nil: return "Exited (checkpointed)"
        case .exited: return "Exited (\(state.exitCode.map(String.init) ?? "?"))"
        }
    }

    public var commandText: String {
        let process = try? AppProcess(config: record.config, image: record.imageParameters, hostname: record.hostname)
        return (process?.args ?? []).joined(separator: " ")
    }
}

extension AppRuntime {
    /// Running containers, or all with `all`, newest first.
    public func list(all: Bool = false) -> [AppContainerSummary] {
        store.ids().compactMap { id -> AppContainerSummary? in
            guard let record = try? store.loadRecord(of: id) else { return nil }
            let state = store.loadState(of: id)
            guard all || state.status == .running else { return nil }
            let live = store.loadRunState(of: id)
            return AppContainerSummary(record: record, state: state, pid: live?.isAlive == true ? live?.pid : nil)
        }.sorted { $0.record.created > $1.record.created }
    }

    /// The table `cbench app ps` prints: ID NAME IMAGE COMMAND STATUS PORTS.
    public static func table(_ rows: [AppContainerSummary]) -> [String] {
        let header = ["CONTAINER ID", "NAME", "IMAGE", "COMMAND", "STATUS", "PORTS"]
        let cells = rows.map { row in
            [row.record.shortID, row.record.name, row.record.config.image,
             "\"" + String(row.commandText.prefix(20)) + "\"", row.statusText, row.record.config.ports.joined(separator: ", ")]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        return ([header] + cells).map { line in
            line.enumerated().map { index, cell in
                index == line.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 3)
            }.joined()
        }
    }

}
