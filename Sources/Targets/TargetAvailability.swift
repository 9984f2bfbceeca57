/// Whether a target can run on this host: its version when it can, the reason when not.
/// A missing runtime is a skipped column in the report, never an error.
public enum TargetAvailability: Sendable, Equatable {
    case available(version: String?)
    case unavailable(reason: String)

    public var isAvailable: Bool {
        if case .available = self { return true }
        return false
    }

    public var version: String? {
        if case .available(let version) = self { return version }
        return nil
    }

    public var skipReason: String? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }
}
