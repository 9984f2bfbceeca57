import NamespaceCore
import Synchronization

/// The host's kernel.core_pattern around the row that tries to change it from a container:
/// saved before any target runs, then after every target (and once more when the row ends,
/// also after a failure) read again and, if a container left it changed, written back.
public final class HostCorePattern: Sendable {
    public static let path = "/proc/sys/kernel/core_pattern"
    private let saved = Mutex<String?>(nil)
    private let read: @Sendable () -> String?
    private let write: @Sendable (String) -> Void

    /// `read` and `write` are the host's file by default; tests give fakes.
    public init(read: @escaping @Sendable () -> String? = { (try? FileIO.read(HostCorePattern.path, limit: 4096)).map { String(decoding: $0, as: UTF8.self) } },
                write: @escaping @Sendable (String) -> Void = { try? FileIO.write(HostCorePattern.path, Array($0.utf8)) }) {
        self.read = read
        self.write = write
    }

    public func save() {
        let value = read().map(Self.trimmed)
        saved.withLock { $0 = value }
    }

    /// What the host's value is now, put back first if it changed; nil before `save`.
    @discardableResult
    public func restore() -> String? {
        guard let original = saved.withLock({ $0 }) else { return nil }
        guard let now = read().map(Self.trimmed) else { return "the host's core_pattern could not be read after the run" }
        if now == original { return "the host's core_pattern after the run: \"\(now)\" (unchanged)" }
        write(original)
        let after = read().map(Self.trimmed)
        return "the host's core_pattern after the run was \"\(now)\"; the harness wrote back \"\(original)\": "
            + (after == original ? "restored" : "NOT restored, it reads \"\(after ?? "?")\"")
    }

    static func trimmed(_ value: String) -> String {
        String(value.reversed().drop { $0 == "\n" }.reversed())
    }
}
