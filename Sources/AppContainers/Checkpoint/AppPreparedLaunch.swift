#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

/// A restore's launcher, asked of the store's monitor before the images are here (a move's
/// destination, before the source freezes). The monitor runs `_launch ID restore...` as for
/// any restore; the launcher finds this restore's socket in the run root (`socketPath`),
/// connects, is sent the checkpoint's network attachments (one JSON line), prepares
/// (`AppRestorePreparation`) and says `prepared`, then waits. `go` (the images are in) makes
/// it restore and answer the monitor, whose `ok PID` comes back here as for a detached start;
/// the connection closed instead (`abandon`, or this process killed) makes it discard all it
/// prepared and answer an error.
final class AppPreparedLaunch {
    static let prepared = "prepared"
    static let go = "go"

    private var monitor: Int32
    private var answers: LineReader
    private var launcher: Int32

    init(monitor: Int32, answers: LineReader, launcher: Int32) {
        self.monitor = monitor
        self.answers = answers
        self.launcher = launcher
    }

    deinit { abandon() }

    /// In the run root, whose path is short (a socket's must fit in 108 bytes; the container's
    /// directory under the store root did not, ENAMETOOLONG in MigrationLabAppTests at 10:37 UTC).
    static func socketPath(store: AppStore, id: String) -> String { "\(store.runRoot)/prepared-\(id.prefix(16)).sock" }

    /// One line to the peer; a peer that is gone is no SIGPIPE here (its end is seen on reading).
    static func send(_ text: String, to socket: Int32) {
        let bytes = Array((text.split(separator: "\n").joined(separator: " ") + "\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress.map { $0 + sent }, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            sent += count
        }
    }

    /// The images are in: the launcher restores; returns once the monitor says it runs.
    func start(stage: String) throws {
        guard launcher >= 0 else { throw CoreError(stage: stage, detail: "the prepared launch was abandoned") }
        Self.send(Self.go, to: launcher)
        close(launcher)
        launcher = -1
        let answer = answers.next()
        close(monitor)
        monitor = -1
        guard answer.hasPrefix("ok") else { throw AppSupervisor.failure(answer) }
    }

    /// The restore will not come: the launcher discards what it prepared (its answer to the
    /// monitor, an error, is read so the monitor is not left writing to no one).
    func abandon() {
        if launcher >= 0 { close(launcher) }
        launcher = -1
        guard monitor >= 0 else { return }
        _ = answers.next()
        close(monitor)
        monitor = -1
    }
}

extension AppRuntime {
    /// Asks the monitor for `record`'s restore launcher now and has it prepare (see
    /// `AppPreparedLaunch`); returns once it said `prepared`. nil when this container's restore
    /// does not go through the monitor (it publishes ports): it is then made at the restore.
    func prepareLaunch(_ record: AppContainerRecord, bringUp: AppBringUp, attachments: [AppNetworkAttachment],
                       monitor: String? = CompanionLocator.monitor.locate(),
                       timeoutMilliseconds: Int32 = 30_000) throws -> AppPreparedLaunch? {
        guard let monitor = usableMonitor(for: record, monitor) else { return nil }
        let stage = "restore \(record.name): prepare its launch"
        let path = AppPreparedLaunch.socketPath(store: store, id: record.id)
        try FileIO.makeDirectories(store.runRoot)
        unlink(path)
        let listener = try UnixSocket.listen(at: path)
        defer {
            close(listener)
            unlink(path)
        }
        var request = try requestLaunch(record, bringUp: bringUp, monitor: monitor)
        // The monitor's answer comes first only when the launcher failed before it connected.
        guard let launcher = Self.accept(listener, unlessReadable: request.connection, timeoutMilliseconds: timeoutMilliseconds) else {
            let said = Self.readable(request.connection) ? request.lines.next() : ""
            close(request.connection)
            throw CoreError(stage: stage, detail: said.isEmpty ? "the launcher did not connect within \(timeoutMilliseconds) ms"
                                                                : "\(AppSupervisor.failure(said).detail ?? said)")
        }
        let launch = AppPreparedLaunch(monitor: request.connection, answers: request.lines, launcher: launcher)
        AppPreparedLaunch.send(String(decoding: try JSONRecord.encode(attachments), as: UTF8.self), to: launcher)
        var replies = LineReader(fd: launcher)
        let reply = replies.next()
        guard reply == AppPreparedLaunch.prepared + "\n" else {
            launch.abandon()
            throw CoreError(stage: stage, detail: reply.hasPrefix("error ") ? "\(AppSupervisor.failure(reply).detail ?? reply)"
                                                                            : "the launcher ended before it said it was prepared")
        }
        return launch
    }

    /// A connection to `listener` within the timeout; nil when `other` became readable first or none came.
    private static func accept(_ listener: Int32, unlessReadable other: Int32, timeoutMilliseconds: Int32) -> Int32? {
        var watched = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: other, events: Int16(POLLIN), revents: 0)]
        var polled: Int32
        repeat { polled = poll(&watched, 2, timeoutMilliseconds) } while polled < 0 && errno == EINTR
        guard polled > 0, watched[0].revents & Int16(POLLIN) != 0 else { return nil }
        let connection = Glibc.accept(listener, nil, nil)
        guard connection >= 0 else { return nil }
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        return connection
    }

    private static func readable(_ fd: Int32) -> Bool {
        var watched = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&watched, 1, 0) > 0
    }

    /// The launcher's side (`_launch ID restore...` when the restore's socket is there): the
    /// attachments read, everything prepared and `prepared` said, then the restore once `go`
    /// comes; anything else (the requester gone) discards what was prepared.
    func restoreWhenTold(_ record: AppContainerRecord, _ bringUp: AppBringUp, stdio: (Int32, Int32, Int32), over connection: Int32,
                         supervisor: pid_t) throws -> LiveAppContainer {
        let stage = "restore \(record.name)"
        guard case let .restore(tcpEstablished, lazyPages) = bringUp, !record.config.allocatesTerminal else {
            throw CoreError(kind: .unsupported, stage: stage, detail: "only a restore without a terminal is prepared")
        }
        var lines = LineReader(fd: connection)
        let preparation: AppRestorePreparation
        do {
            let saved = try JSONRecord.decode([AppNetworkAttachment].self, from: Array(lines.next().utf8), what: "the prepared restore's networks")
            let (spec, _) = try containerSpec(record)
            preparation = try prepareRestoreLaunch(record, attachments: Self.attachments(saved, of: record.id), stdio: stdio,
                                                   networkInNamespace: AppRestorePreparation.makesNamespace(for: spec))
        } catch {
            AppPreparedLaunch.send("error \(error)", to: connection)
            throw error
        }
        AppPreparedLaunch.send(AppPreparedLaunch.prepared, to: connection)
        guard lines.next() == AppPreparedLaunch.go + "\n" else {
            preparation.discard(store: store)
            throw CoreError(stage: stage, detail: "the restore that had it prepared went away before its images came; what was prepared is removed")
        }
        return try restoreLaunch(record, stdio: stdio, tcpEstablished: tcpEstablished, lazyPages: lazyPages, supervisor: supervisor,
                                 prepared: preparation)
    }

    /// A checkpoint's attachments with the host ends named for container `id`.
    static func attachments(_ saved: [AppNetworkAttachment], of id: String) -> [AppNetworkAttachment] {
        saved.enumerated().map { index, attachment in
            var renamed = attachment
            renamed.hostLink = AppNetworking.hostLinkName(containerID: id, index: index)
            return renamed
        }
    }
}
