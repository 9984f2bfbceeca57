import NamespaceCore

/// One `--tmpfs` value, as Docker takes it: `PATH` or `PATH:OPTIONS` (`size=64m,mode=1777`).
/// Docker's defaults come first (`noexec,nosuid,nodev`); the given options follow them.
public struct TmpfsMount: Sendable, Equatable {
    public var destination: String
    public var options: [String]

    public static let defaultOptions = ["noexec", "nosuid", "nodev"]

    public init(parsing text: String) throws(CoreError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let destination = parts[0]
        guard destination.hasPrefix("/"), destination != "/", !destination.split(separator: "/").contains("..") else {
            throw CoreError(stage: "--tmpfs \(text)", detail: "the container path '\(destination)' must be absolute, not / and without '..'")
        }
        let extra = parts.count > 1 ? parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init) : []
        if let empty = extra.first(where: { $0.isEmpty }) {
            throw CoreError(stage: "--tmpfs \(text)", detail: "empty mount option '\(empty)'; write PATH:size=64m,mode=1777")
        }
        self.destination = destination
        options = Self.defaultOptions + extra
    }

    public var mountSpec: MountSpec {
        MountSpec(destination: destination, type: "tmpfs", source: "tmpfs", options: options)
    }
}
