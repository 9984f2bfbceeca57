import Foundation
import Glibc

/// Set by SIGINT or SIGTERM (or by a caller). The step in flight is stopped within a fraction
/// of a second (its container removed, the step recorded as interrupted), no further step
/// starts, and the partial results are written; a second signal stops waiting for the step
/// to unwind. Each signal says on stderr what happens next.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requestedBy: String?
    private var requests = 0
    private var sources: [any DispatchSourceSignal] = []
    private var observers: [@Sendable () -> Void] = []

    public init() {}

    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requestedBy != nil
    }

    public var reason: String? {
        lock.lock()
        defer { lock.unlock() }
        return requestedBy
    }

    /// A second request while the first is being honoured: stop waiting for anything.
    public var isForced: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requests > 1
    }

    public func request(_ reason: String) {
        lock.lock()
        let first = requestedBy == nil
        if first { requestedBy = reason }
        requests += 1
        let notify = first ? observers : []
        lock.unlock()
        for observer in notify { observer() }
    }

    /// Runs `action` on the requesting thread when the first request arrives (never for a
    /// request made before it was registered: whoever registers checks `isRequested` as well).
    public func whenRequested(_ action: @escaping @Sendable () -> Void) {
        lock.lock()
        observers.append(action)
        lock.unlock()
    }

    /// Catches SIGINT and SIGTERM through dispatch sources (no work in a signal handler).
    /// Programs cbench starts get default dispositions back (ChildCommand resets them).
    public func installHandlers() {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.request(name)
                FileHandle.standardError.write(Data(StopSignal.announcement(name, forced: self.isForced).utf8))
            }
            source.resume()
            sources.append(source)
        }
    }

    /// What a signal does, said as it arrives.
    static func announcement(_ name: String, forced: Bool) -> String {
        forced
            ? "\ncbench: \(name) again: not waiting for the step to unwind; writing the partial results now\n"
            : "\ncbench: \(name): stopping the step in flight (its container is removed, the step recorded as interrupted), "
                + "then writing the partial results; \(name == "SIGINT" ? "Ctrl-C" : name) again stops waiting\n"
    }
}
