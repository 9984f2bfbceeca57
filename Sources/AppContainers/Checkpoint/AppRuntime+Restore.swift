#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

extension AppRuntime {
    /// `restore NAME` (or `restore --import FILE [--name NEW]`): brings a checkpointed
    /// container back under the supervisor `start -d` would give it (the store's monitor, or
    /// the full supervisor when it publishes ports), with its name, network address and
    /// volumes; it is then a running container of the store like any other. Returns it.
    /// `parts` is told each part with its monotonic times (the import, the bring-up until the
    /// tree runs, post-copy's wait for the last page), for a migration's report.
    @discardableResult
    public func restore(_ reference: String?, options: AppRestoreOptions,
                        parts: (Phase) -> Void = { _ in }) throws -> AppContainerRecord {
        try restoreReporting(reference, options: options, parts: parts).record
    }

    /// `restore`, with CRIU's statistics of the restore (`restore --print-stats`: its part of
    /// a move's frozen window, as runc's is read from its images). `say` is given the lines a
    /// move's source waits for, each once it is true: `prepared` (`options.prepare`: the
    /// container and its restore are prepared), `pages PORT` (the page server
    /// `options.receivePages` starts, before the archive is read) and, in a pre-copy, each
    /// pre-dump's `pages PORT` and `pre-dumped N`.
    public func restoreReporting(_ reference: String?, options: AppRestoreOptions,
                                 say: (String) throws -> Void = { _ in },
                                 parts: (Phase) -> Void = { _ in }) throws -> AppRestoreReport {
        let record: AppContainerRecord
        var launch: AppPreparedLaunch?
        if let importPath = options.importPath {
            var made: AppContainerRecord?
            if options.prepare {
                let preparing = MonotonicClock.now()
                (made, launch) = try prepareImport(importPath, name: options.name, bringUp: options.bringUp)
                parts(Phase(name: MigrationPhaseName.prepare, start: preparing, end: MonotonicClock.now()))
            }
            let importing = MonotonicClock.now()
            do {
                if made != nil { try say(PreparedDestinationLine.line) }
                // Kept, the checkpoint stays with the container; else it only passes through (and
                // received pages, as large as the memory, always do: the run root is a tmpfs).
                record = try importCheckpoint(importPath, name: options.name, imagesPassThrough: !options.keep || options.receivePages,
                                              receivingPages: options.receivePages, preCopy: options.preCopy, say: say, into: made)
            } catch {
                // The launcher discards what it prepared before the container goes.
                launch?.abandon()
                if let made { store.removeFiles(id: made.id, name: made.name) }
                throw error
            }
            parts(Phase(name: MigrationPhaseName.importing, start: importing, end: MonotonicClock.now()))
        } else {
            guard let reference else {
                throw CoreError(stage: "restore", detail: "name a checkpointed container, or give --import FILE")
            }
            guard options.name == nil else {
                throw CoreError(stage: "restore --name", detail: "--name is for --import: a container keeps its own name")
            }
            record = try store.loadRecord(of: try store.resolve(reference))
        }
        let images = store.checkpointDirectory(of: record.id)
        var lazyDaemon: pid_t?
        let bringing = MonotonicClock.now()
        do {
            guard access(images, F_OK) == 0 else {
                throw CoreError(stage: "restore \(record.name)", errno: ENOENT, detail: "has no checkpoint; make one with `cbench app checkpoint \(record.name)`")
            }
            if let source = options.lazyPagesFrom {
                lazyDaemon = try startLazyPagesDaemon(record, images: images, from: source)
            } else if options.lazyRestore {
                lazyDaemon = try startLocalLazyPagesDaemon(record, images: images)
            }
            if let launch {
                try launch.start(stage: "restore \(record.name)")
            } else {
                try startDetached(record, bringUp: .restore(tcpEstablished: options.tcpEstablished, lazyPages: lazyDaemon != nil))
            }
            parts(Phase(name: MigrationPhaseName.criuRestore, start: bringing, end: MonotonicClock.now()))
            // It runs, under its supervisor: no longer an import that a killed importer abandons.
            if options.importPath != nil { store.finishImporting(record.id) }
        } catch {
            launch?.abandon()
            if let lazyDaemon { CRIUService().finishLazyPagesDaemon(lazyDaemon, timeoutMilliseconds: 0) }
            // A container made by the import goes again; a checkpointed one stays restorable.
            if options.importPath != nil { store.removeFiles(id: record.id, name: record.name) }
            throw error
        }
        if let lazyDaemon {
            let waiting = MonotonicClock.now()
            try finishLazyPages(record, daemon: lazyDaemon, images: images)
            parts(Phase(name: MigrationPhaseName.lazyPages, start: waiting, end: MonotonicClock.now()))
        }
        let statistics = CheckpointStatistics.read(from: images)
        if !options.keep { store.movingImages.remove(images) }
        return AppRestoreReport(record: record, statistics: statistics)
    }

    /// A new container from an archive of `checkpoint --export`: its record (under `name`
    /// when given), changed files and checkpoint; `imagesPassThrough`: the checkpoint into the
    /// run root (`AppStore.movingImages`), since the restore that follows takes it.
    /// `receivingPages` (with `imagesPassThrough`): a `criu page-server` is started into that
    /// directory first and its port said (`pages PORT`); the dump it serves sends the pages
    /// there, the archive the rest, and the import goes on once the server ended that dump well.
    /// `preCopy`: before it, the source's request lines are read from the stream and each
    /// pre-dump's pages received (`PreCopyReceiver`), and the final dump builds on the last.
    /// `made`: the container `--prepare` made from the stream's first line, which the archive
    /// fills (the caller removes it on a failure).
    func importCheckpoint(_ path: String, name: String?, imagesPassThrough: Bool = false,
                          receivingPages: Bool = false, preCopy: Bool = false, say: (String) throws -> Void = { _ in },
                          into made: AppContainerRecord? = nil, service: CRIUService = CRIUService()) throws -> AppContainerRecord {
        try store.makeStoreDirectories()
        let key = ".import-\(UInt32.random(in: 0...UInt32.max))"
        let unpacked = "\(store.containersDirectory)/\(key)"
        let unpackedImages = imagesPassThrough ? store.movingImages.directory(of: key) : "\(unpacked)/checkpoint"
        var pageServer: pid_t?
        defer {
            if let pageServer { service.stopPageServer(pageServer) }
            try? FileIO.removeTree(unpacked)
            if imagesPassThrough { store.movingImages.remove(unpackedImages) }
        }
        if imagesPassThrough { try FileIO.makeDirectories(store.movingImages.root) }
        if receivingPages && imagesPassThrough {
            if preCopy {
                let stage = "restore --import \(path): pre-copy"
                guard mkdir(unpackedImages, 0o700) == 0 else { throw CoreError(stage: "\(stage): mkdir \(unpackedImages)", errno: errno) }
                let requests = try Self.openStream(path, stage: stage, what: "the source's pre-copy requests")
                defer { close(requests) }
                _ = try PreCopyReceiver(service: service, images: unpackedImages, stage: stage, stream: requests)
                    .receive(next: { FileIO.readTextLine(requests) }, say: say)
            }
            let started = try service.startPageReceiver(into: unpackedImages, made: preCopy, stage: "restore --import: the pages' server")
            pageServer = started.pid
            try say(PageReceiverLine.line(port: started.port))
        }
        let saved = try AppCheckpointArchive.read(path, into: unpacked, checkpointInto: imagesPassThrough ? unpackedImages : nil,
                                                  checkpointMade: pageServer != nil)
        if let server = pageServer {
            pageServer = nil
            try service.finishPageServer(server, imageDirectory: unpackedImages)
        }
        var config = saved.record.config
        config.name = name ?? saved.record.name
        if let made, made.config.image != config.image {
            throw CoreError(stage: "restore --import \(path)", detail: "the archive is of another container (image \(config.image)) than its first line (\(made.config.image))")
        }
        let record = try made ?? create(config)
        do {
            if made == nil { try store.markImporting(record.id) }
            let upper = store.upperDirectory(of: record.id)
            let images = imagesPassThrough ? store.movingImages.directory(of: record.id) : store.storedCheckpointDirectory(of: record.id)
            guard rmdir(upper) == 0, rename("\(unpacked)/upper", upper) == 0, rename(unpackedImages, images) == 0 else {
                throw CoreError(stage: "restore --import: move into \(store.directory(of: record.id))", errno: errno)
            }
            for file in AppCheckpointArchive.hostFiles {
                try FileIO.write("\(store.directory(of: record.id))/\(file)", try FileIO.read("\(unpacked)/\(file)"))
            }
        } catch {
            if made == nil { store.removeFiles(id: record.id, name: record.name) }
            throw error
        }
        return record
    }

    /// The container up as `bringUp` says, with `stdio`, its run state naming `supervisor`.
    func bring(_ record: AppContainerRecord, _ bringUp: AppBringUp, stdio: AppContainerStdio,
               supervisor: pid_t = getpid()) throws -> LiveAppContainer {
        guard case let .restore(tcpEstablished, lazyPages) = bringUp else { return try launch(record, stdio: stdio, supervisor: supervisor) }
        // A pty's other end died with the checkpointed supervisor; CRIU cannot hand the
        // restored tasks a new one, so containers run with -t are not restored.
        guard case let .fds(stdin, stdout, stderr) = stdio, !record.config.allocatesTerminal else {
            throw CoreError(kind: .unsupported, stage: "restore \(record.name)",
                            detail: "a container run with -t (a terminal) cannot be restored; run it without -t to checkpoint it")
        }
        return try restoreLaunch(record, stdio: (stdin, stdout, stderr), tcpEstablished: tcpEstablished, lazyPages: lazyPages,
                                 supervisor: supervisor)
    }
}
