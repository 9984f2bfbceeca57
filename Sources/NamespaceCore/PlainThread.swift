#if canImport(Glibc)
import Glibc
#endif

/// Plain pthreads. Port forwarding needs threads of its own: a thread may switch its network
/// namespace (setns) to create a socket inside a container, which a Dispatch or concurrency
/// worker thread must never do. A container's removal overlaps two waits on one. A dump's
/// page server watcher must run while the pools are busy (`PageServerTailPush`).
public enum PlainThread {
    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// `body` on a detached thread.
    public static func detached(_ body: @escaping @Sendable () -> Void) throws {
        _ = try spawn(body, detached: true)
    }

    /// `body` on a thread of its own while `work` runs on this one; returns once both are done.
    /// Without a thread (pthread_create failed) `body` runs here after `work`.
    public static func alongside<Value>(_ body: @escaping @Sendable () -> Void, _ work: () throws -> Value) rethrows -> Value {
        guard let thread = try? spawn(body, detached: false) else {
            defer { body() }
            return try work()
        }
        defer { pthread_join(thread, nil) }
        return try work()
    }

    private static func spawn(_ body: @escaping @Sendable () -> Void, detached: Bool) throws(CoreError) -> pthread_t {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(detached ? PTHREAD_CREATE_DETACHED : PTHREAD_CREATE_JOINABLE))
        var thread = pthread_t()
        let rc = pthread_create(&thread, &attributes, { argument in
            guard let argument else { return nil }
            let box = Unmanaged<Box>.fromOpaque(argument).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw CoreError(stage: "pthread_create", errno: rc)
        }
        return thread
    }
}
