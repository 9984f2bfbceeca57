#if canImport(Glibc)
import Glibc
#endif

/// A bridge port's state, waited on before a container announces itself through it.
public enum BridgePort {
    /// How a wait for a port to forward ended.
    public enum Wait: Sendable, Equatable {
        case forwarding
        /// The link has no `brport`: not on a bridge, nothing to wait for.
        case notABridgePort
        case timedOut
    }

    /// `brport/state` of a forwarding port (BR_STATE_FORWARDING).
    static let forwardingState = "3"

    /// Waits until `hostLink`'s bridge port forwards, at most `timeoutMilliseconds`. A frame
    /// sent out of the container before then is dropped at the port: the port follows the
    /// link's operstate, which the kernel's link watch updates a moment after the link is up
    /// (the host kept the old MAC in 1 of the CI's CheckpointAppAnnounceTests runs, 2026-12-05
    /// 02:46 UTC, before the app mode waited). `state` reads the port's state (sysfs here).
    public static func awaitForwarding(_ hostLink: String, timeoutMilliseconds: Int = 1000,
                                       state: (String) -> String? = sysfsState) -> Wait {
        let deadline = MonotonicClock.now() + UInt64(timeoutMilliseconds) * 1_000_000
        while true {
            guard let current = state(hostLink) else { return .notABridgePort }
            if current.split(separator: "\n").first == Substring(forwardingState) { return .forwarding }
            if MonotonicClock.now() >= deadline { return .timedOut }
            usleep(500)
        }
    }

    /// `/sys/class/net/LINK/brport/state`; nil when the link is no bridge port (or is gone).
    public static func sysfsState(_ link: String) -> String? {
        (try? FileIO.read("/sys/class/net/\(link)/brport/state", limit: 16)).map { String(decoding: $0, as: UTF8.self) }
    }
}
