import Foundation
import Glibc
import NamespaceCore
import OCIImages
@testable import Scenarios
@testable import Targets
import Testing

/// podman's image store in the stack's cache: filled once from the stack's OCI layout, then
/// read by every run on any runtime as an additional store, whose images are the layout's
/// (ids equal to their config digests) without a copy in the run's own storage.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available
    && ExecutablePath.find("podman", environment: ProcessInfo.processInfo.environment) != nil
    && ExecutablePath.find("debootstrap", environment: ProcessInfo.processInfo.environment) != nil,
    "needs root, podman, the busybox root and debootstrap"))
struct PodmanStackImagesTests {
    static func modified(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        return "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    @Test func theStoreIsFilledOnceAndReadByRunsOnEitherRuntime() throws {
        let work = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let stack = try ScenarioTestSupport.builtMediawikiStack(work: work).cache.applicationStack
        let layout = OCILayout(directory: stack.imageLayout)
        let states = ["a", "b"].map { "\(SuiteSession.stateParent)/\(getpid())-podmanstore-\($0)" }
        defer {
            for state in states { try? FileManager.default.removeItem(atPath: state) }
            ProjectDirectories.removeIfEmpty([SuiteSession.stateParent, ProjectDirectories.runtime])
        }
        let targets = zip(["crun", "runc"], states).map { runtime, state in
            PodmanTarget(runtime: runtime, context: TargetContext(workDirectory: work, stateRoot: state, smokeRootfs: ScenarioTestSupport.busyboxRootfs))
        }
        defer { targets.forEach { $0.finish() } }
        let stampPath = stack.engineImageStores + "/podman.stamp"

        try targets[0].ensureConfig()
        let store = try targets[0].stackImageStore(stack)
        #expect(FileIO.contents(stampPath) == (try PodmanTarget.imageStamp(stack)))
        let filled = Self.modified(stampPath)

        try targets[1].ensureConfig()
        #expect(try targets[1].stackImageStore(stack) == store)
        #expect(Self.modified(stampPath) == filled, "the second run pulled nothing")
        let reading = targets[1].engineLayout(imageStore: store)
        let own = targets[1].engineLayout(imageStore: nil)
        for image in stack.imageNames {
            let digest = try layout.configDigest(ofRefName: image)
            #expect(reading.holds("localhost/\(image)", digest: digest), "\(image) read from the store is the layout's")
            #expect(!own.holds("localhost/\(image)", digest: digest), "\(image) is not copied into the run's storage")
        }
    }
}
