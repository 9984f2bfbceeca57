import Foundation

/// What `systemctl is-system-running --wait` says once systemd's bus answers. A runtime that
/// returns as soon as pid 1 runs (`podman run --detach`, `docker run --detach`) leaves systemd
/// booting: until it has made its private socket, systemctl fails at once with "Failed to
/// connect to bus" instead of waiting; earlier still, before systemd has made /run/systemd/system
/// (its first step; a fresh tmpfs on /run has none), systemctl says "offline". Those answers are
/// asked again, 0.2 s apart, until the boot budget is over; any other answer is systemd's own.
struct SystemdStateWait {
    /// The answer of systemctl while systemd has no bus yet.
    static func isBusMissing(_ answer: String) -> Bool {
        answer.contains("Failed to connect to bus")
    }

    /// An answer systemctl gives before a booting systemd can answer: no bus, or "offline".
    static func isBeforeSystemd(_ answer: String) -> Bool {
        isBusMissing(answer) || answer.trimmingCharacters(in: .whitespacesAndNewlines) == "offline"
    }

    /// Asks (`ask`) until the answer is systemd's own or `expired()`; the last answer and how
    /// many asks it took.
    static func state(expired: () -> Bool, pause: () -> Void, ask: () -> String) -> (answer: String, asks: Int) {
        var asks = 0
        while true {
            asks += 1
            let answer = ask()
            if !isBeforeSystemd(answer) || expired() { return (answer, asks) }
            pause()
        }
    }
}
