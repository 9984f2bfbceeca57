/// How a detached container comes up under its supervisor (the monitor's `_launch`, or
/// `_supervise` for a container that publishes ports): a fresh launch, or a CRIU restore
/// from its checkpoint. Either way the same supervisor waits for it and records its end.
public enum AppBringUp: Sendable, Equatable {
    case launch
    /// `lazyPages`: post-copy; CRIU hands the tree's memory to the `criu lazy-pages` daemon the
    /// requester started on the images (its socket is in the image directory).
    case restore(tcpEstablished: Bool, lazyPages: Bool = false)

    static let lazySuffix = "-lazy"

    /// The word the monitor's request and the internal commands carry.
    public var word: String {
        switch self {
        case .launch: "launch"
        case let .restore(tcpEstablished, lazyPages):
            (tcpEstablished ? "restore-tcp-established" : "restore") + (lazyPages ? Self.lazySuffix : "")
        }
    }

    /// The bring-up `word` names; nil for a word no version of cbench writes.
    public init?(word: String) {
        let lazyPages = word.hasSuffix(Self.lazySuffix)
        switch lazyPages ? String(word.dropLast(Self.lazySuffix.count)) : word {
        case "launch" where !lazyPages: self = .launch
        case "restore": self = .restore(tcpEstablished: false, lazyPages: lazyPages)
        case "restore-tcp-established": self = .restore(tcpEstablished: true, lazyPages: lazyPages)
        default: return nil
        }
    }
}
