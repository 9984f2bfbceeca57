/// How a detached container comes up under its supervisor (the monitor's `_launch`, or
/// `_supervise` for a container that publishes ports): a fresh launch, or a CRIU restore
/// from its checkpoint. Either way the same supervisor waits for it and records its end.
public enum AppBringUp: Sendable, Equatable {
    case launch
    case restore(tcpEstablished: Bool)

    /// The word the monitor's request and the internal commands carry.
    public var word: String {
        switch self {
        case .launch: "launch"
        case .restore(tcpEstablished: false): "restore"
        case .restore(tcpEstablished: true): "restore-tcp-established"
        }
    }

    /// The bring-up `word` names; nil for a word no version of cbench writes.
    public init?(word: String) {
        switch word {
        case "launch": self = .launch
        case "restore": self = .restore(tcpEstablished: false)
        case "restore-tcp-established": self = .restore(tcpEstablished: true)
        default: return nil
        }
    }
}
