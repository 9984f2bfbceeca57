import Foundation
import Glibc

/// Set by SIGINT or SIGTERM (or by a caller); the runner checks it between steps, finishes
/// the step in flight with its cleanup, and writes a partial result.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requestedBy: String?
    private var requests = 0
    private var sources: [any DispatchSourceSignal] = []

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
        if requestedBy == nil { requestedBy = reason }
        requests += 1
        lock.unlock()
    }

    /// Catches SIGINT and SIGTERM through dispatch sources (no work in a signal handler).
    public func installHandlers() {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.request(name) }
            source.resume()
            sources.append(source)
        }
    }
}
