import Foundation
import Results
import Synchronization
import Testing
@testable import Scenarios
import Targets

/// The two steps every target row shares: the guard that gives a target without the row's
/// capability its cell, and the first run of the kept counting container that the
/// persistent-root, image-elsewhere and snapshots-and-clones rows start from.
struct TargetRowCapabilityTests {
    /// A target with no capability beyond running containers.
    struct Plain: IdleTarget {
        var name: String { "plain" }
    }

    /// An imaging target whose root is a counter in memory, recording what the row asks of it.
    final class Imaging: ImagingTarget, @unchecked Sendable {
        let calls = Mutex<[String]>([])
        let count = Mutex(0)
        let elsewhereFails: Bool
        init(elsewhereFails: Bool = false) { self.elsewhereFails = elsewhereFails }

        var name: String { "imaging" }
        var operations: Set<TargetOperation> { [.run] }
        var restartMeans: String { "keeps" }
        var imageMeans: String { "commit, save, load" }
        func availability() -> TargetAvailability { .available(version: "1") }
        func note(_ call: String) { calls.withLock { $0.append(call) } }
        func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
            note("prepare \(id) writable=\(workload.writableRoot)")
            return PreparedContainer(id: id, bundle: "/nonexistent/\(id)", cgroupPath: "", workload: workload)
        }
        func counted() -> ContainerRun {
            ContainerRun(exit: .exited(0), stdout: "cbench-persisted \(count.withLock { value -> Int in value += 1; return value })\n")
        }
        func run(_ container: PreparedContainer) throws -> ContainerRun {
            note("run \(container.id)")
            return counted()
        }
        func runElsewhere(_ container: PreparedContainer, id: String, archive: String) throws -> ContainerRun {
            note("elsewhere \(id)")
            if elsewhereFails { throw StepFailure(stage: "load", "no second store") }
            return counted()
        }
        func removeElsewhere(_ container: PreparedContainer, id: String, archive: String) { note("remove elsewhere \(id)") }
        func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
        func stop(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
        func cleanup(_ container: PreparedContainer) { note("cleanup \(container.id)") }
    }

    let context = TargetRowContext(busyboxRootfs: "/busybox", workDirectory: "/work", id: "c1")

    @Test func aTargetWithoutTheCapabilityGetsTheRowsCellNamingTheProtocol() throws {
        let imaging = try ImageElsewhereRow().measure(Plain(), context: context)
        #expect(imaging.outcome == .notApplicable && imaging.target == "plain")
        #expect(imaging.evidence.hasSuffix("(it does not implement ImagingTarget)"))
        let restart = try PersistentRootRow().measure(Plain(), context: context)
        #expect(restart.outcome == .notSupported && restart.evidence.hasSuffix("(it does not implement RestartingTarget)"))
        let layers = try LayeredImageRow().measure(Plain(), context: context)
        #expect(layers.outcome == .failed && layers.evidence == "plain cannot say which process is its container's init (it does not implement DensityTarget)")
        let checkpoint = try CheckpointRow().measure(Plain(), context: context)
        #expect(checkpoint.outcome == .notSupported && checkpoint.evidence.hasSuffix("(it does not implement CheckpointingTarget)"))
    }

    /// The shared first run: the writable counting container, run once and kept, then what
    /// the row does with it, then its removal.
    @Test func theImageRowStartsFromTheKeptFirstRunAndRemovesEverything() throws {
        let target = Imaging()
        let cell = try ImageElsewhereRow().measure(target, context: context)
        #expect(cell.outcome == .supported)
        #expect(target.calls.withLock { $0 } == ["prepare c1 writable=true", "run c1", "elsewhere c1-elsewhere", "remove elsewhere c1-elsewhere", "cleanup c1"])
    }

    /// The failing case: a step after the first run throws; the kept container is still removed.
    @Test func theKeptContainerIsRemovedWhenALaterStepFails() {
        let target = Imaging(elsewhereFails: true)
        #expect(throws: StepFailure.self) { try ImageElsewhereRow().measure(target, context: context) }
        #expect(target.calls.withLock { $0 }.suffix(2) == ["remove elsewhere c1-elsewhere", "cleanup c1"])
    }

    @Test func persistentRootRunsTheKeptContainerAgain() throws {
        let target = Imaging()
        let cell = try PersistentRootRow().measure(target, context: context)
        #expect(cell.outcome == .supported)
        #expect(target.calls.withLock { $0 } == ["prepare c1 writable=true", "run c1", "run c1", "cleanup c1"])
    }
}
