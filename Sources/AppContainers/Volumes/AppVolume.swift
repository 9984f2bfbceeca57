import FoundationEssentials

/// A named volume as `cbench app volume inspect` shows it: its data lives in `mountpoint`
/// (`VOLUMES/NAME/_data`) and outlives every container that used it.
public struct AppVolume: Codable, Sendable, Equatable {
    public var name: String
    public var mountpoint: String
    public var created: Date

    public init(name: String, mountpoint: String, created: Date? = nil) {
        self.name = name
        self.mountpoint = mountpoint
        self.created = created ?? .nowInWholeSeconds
    }
}

extension Date {
    /// Now, cut to whole seconds: records store ISO 8601 times, so what is read back is equal.
    static var nowInWholeSeconds: Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}
