#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore
import Testing
@testable import SystemContainers

/// Pre-copy's steps on the source (`SystemMigrationExecutor`), with a destination that records
/// what it is asked and a dump that records what it is given (the executor's seams): another
/// host gets a request before each dump and names a port of its own for it, and the pre-dumps'
/// pages go there; another store of this host keeps them beside the images.
@Suite struct SystemPreCopyExecutorTests {
    /// Another host as the executor sees it: pre-dump N's pages to port 7000 + N, the final
    /// dump's to 7100; `discard` and everything asked recorded in `asked`.
    final class RecordingDestination: SystemMigrationDestination {
        var asked: [String] = []
        var finalPages: PageServerAddress?

        var place: String { "lab2" }
        var imagesPassThrough: Bool { true }
        func requireNew(_ name: String, stage: String) throws {}
        func connect(_ name: String, from source: SystemRuntime, tcpEstablished: Bool, pageServer: PageServerAddress?,
                     receivePages: Bool, preCopy: Bool) throws {}
        var pageReceiver: PageServerAddress? { finalPages }
        func preCopyPages(for request: PreCopyRequestLine) throws -> PageServerAddress? {
            asked.append(String(request.line.dropLast()))
            switch request {
            case .preDump(let iteration): return PageServerAddress(address: "10.251.0.3", port: Int32(7000 + iteration))
            case .dump:
                finalPages = PageServerAddress(address: "10.251.0.3", port: 7100)
                return finalPages
            }
        }
        func preDumped(_ iteration: Int) throws { asked.append("pre-dumped \(iteration)") }
        func disconnect() { asked.append("disconnect") }
        func receive(_ name: String, from source: SystemRuntime, imagePath: String, frozen: Bool) throws -> UInt64 { 0 }
        func restore(_ name: String, tcpEstablished: Bool, lazyPages: Bool, pageServer: PageServerAddress?) throws -> SystemRestoreOutcome {
            SystemRestoreOutcome()
        }
        func reservePageServerPort() throws -> ReservedPort? { nil }
        func discard(_ name: String) throws { asked.append("discard \(name)") }
    }

    /// The source's dumps: each recorded, answered with the next of `pages` as its pages
    /// written, or failing as the `failing`-th (from 1).
    final class RecordingDumps {
        var dumps: [SystemSourceDump] = []
        let pages: [UInt64]
        let failing: Int?

        init(pages: [UInt64], failing: Int? = nil) {
            self.pages = pages
            self.failing = failing
        }

        func run(_ request: SystemSourceDump) throws -> CheckpointStatistics {
            dumps.append(request)
            if dumps.count == failing { throw CoreError(stage: "checkpoint web", detail: "criu pre-dump exited 1") }
            var statistics = CheckpointStatistics()
            statistics.pagesWritten = pages[dumps.count - 1]
            return statistics
        }
    }

    static let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))

    func executor(to destination: any SystemMigrationDestination, dumps: RecordingDumps) -> SystemMigrationExecutor {
        // Never touched: the dumps go to `dumps`, the rest to the destination.
        let source = SystemRuntime(store: SystemStore(root: "/nonexistent/cbench/a", runRoot: "/nonexistent/cbench/a-run"))
        return SystemMigrationExecutor(source: source, destination: destination, name: "web", tcpEstablished: false, pagePort: nil,
                                       pageConnection: nil, service: CRIUService(executable: "/nonexistent/criu"), dumpSource: dumps.run)
    }

    /// Runs `machine`'s steps with `executor` up to the transfer.
    func runUntilTransfer(_ machine: inout MigrationMachine, with executor: SystemMigrationExecutor) throws {
        while let step = machine.nextStep(), step != .transfer {
            machine.succeeded(step, report: try executor.perform(step, imagePath: machine.imagePath))
        }
    }

    func address(_ port: Int32) -> PageServerAddress { PageServerAddress(address: "10.251.0.3", port: port) }

    @Test func toAnotherHostEachPreDumpSendsToItsOwnPortAndTheFinalDumpToTheLastWithItsParent() throws {
        let destination = RecordingDestination()
        // The third pre-dump writes fewer than 256 pages: converged.
        let dumps = RecordingDumps(pages: [10_000, 5_000, 100, 40])
        let executor = executor(to: destination, dumps: dumps)
        var machine = MigrationMachine(strategy: .preCopy, imagePath: "/run/moving/web")
        try runUntilTransfer(&machine, with: executor)

        #expect(destination.asked == ["pre-dump 1", "pre-dumped 1", "pre-dump 2", "pre-dumped 2", "pre-dump 3", "pre-dumped 3",
                                      "dump after 3"])
        #expect(dumps.dumps == [
            SystemSourceDump(imagePath: "/run/moving/web/pre-1", preDump: true, parentPath: nil, sendPages: address(7001)),
            SystemSourceDump(imagePath: "/run/moving/web/pre-2", preDump: true, parentPath: "../pre-1", sendPages: address(7002)),
            SystemSourceDump(imagePath: "/run/moving/web/pre-3", preDump: true, parentPath: "../pre-2", sendPages: address(7003)),
            SystemSourceDump(imagePath: "/run/moving/web", preDump: false, parentPath: "pre-3", sendPages: address(7100)),
        ])
        // Its memory is there, not in the images here: held frozen until it runs there.
        #expect(machine.source == .held)
        #expect(executor.bytesMoved == (10_000 + 5_000 + 100 + 40) * Self.pageSize)
        #expect(executor.dumpStatistics.pagesWritten == 40)
    }

    @Test func aFailedPreDumpLeavesTheSourceRunningAndTheDestinationDiscarded() throws {
        let destination = RecordingDestination()
        let dumps = RecordingDumps(pages: [10_000, 5_000], failing: 2)
        let executor = executor(to: destination, dumps: dumps)
        var machine = MigrationMachine(strategy: .preCopy, imagePath: "/run/moving/web")
        let outcome = machine.run(with: executor)

        guard case .failed(let stage, let reason, let source) = outcome else {
            Issue.record("the move did not fail: \(outcome)")
            return
        }
        #expect(stage == "pre-dump 2")
        #expect(reason.contains("criu pre-dump exited 1"), "\(reason)")
        #expect(source == .running)
        #expect(destination.asked == ["pre-dump 1", "pre-dumped 1", "pre-dump 2", "discard web"])
        #expect(dumps.dumps.count == 2)
        #expect(!machine.history.contains(.transfer))
    }

    @Test func aFailedFinalDumpAfterPreDumpsDiscardsTheDestinationAndTheSourceRunsOn() throws {
        let destination = RecordingDestination()
        let dumps = RecordingDumps(pages: [100], failing: 2)
        let executor = executor(to: destination, dumps: dumps)
        var machine = MigrationMachine(strategy: .preCopy, imagePath: "/run/moving/web")
        let outcome = machine.run(with: executor)

        #expect(outcome.failedStage == "dump")
        #expect(machine.source == .running)
        #expect(destination.asked == ["pre-dump 1", "pre-dumped 1", "dump after 1", "discard web"])
        #expect(dumps.dumps.last?.parentPath == "pre-1")
    }

    @Test func toAnotherStoreOfThisHostThePagesStayBesideTheImages() throws {
        let directory = try SystemTestScratch.make("precopy-local")
        defer { try? FileIO.removeTree(directory) }
        let destination = LocalSystemDestination(runtime: SystemRuntime(store: SystemStore(root: "\(directory)/b", runRoot: "\(directory)/b-run")))
        let dumps = RecordingDumps(pages: [10_000, 10, 5])
        let executor = executor(to: destination, dumps: dumps)
        var machine = MigrationMachine(strategy: .preCopy, imagePath: "\(directory)/a/web/checkpoint")
        try runUntilTransfer(&machine, with: executor)

        #expect(dumps.dumps == [
            SystemSourceDump(imagePath: "\(directory)/a/web/checkpoint/pre-1", preDump: true, parentPath: nil, sendPages: nil),
            SystemSourceDump(imagePath: "\(directory)/a/web/checkpoint/pre-2", preDump: true, parentPath: "../pre-1", sendPages: nil),
            SystemSourceDump(imagePath: "\(directory)/a/web/checkpoint", preDump: false, parentPath: "pre-2", sendPages: nil),
        ])
        #expect(machine.source == .checkpointed(imagePath: "\(directory)/a/web/checkpoint"))
        #expect(executor.bytesMoved == 0)
    }
}

extension MigrationOutcome {
    /// The stage a failed move names, nil for one that moved.
    var failedStage: String? {
        guard case .failed(let stage, _, _) = self else { return nil }
        return stage
    }
}
