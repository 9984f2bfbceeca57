import Foundation
import Glibc
import NamespaceCore
import OCIImages
@testable import Scenarios
import Synchronization
import SystemContainers
import Testing

/// A stack whose build step breaks, for real: a Containerfile whose RUN fails after a step that
/// worked, built by `cbench app build` on the bookworm base in a cache of its own. The error
/// is one line naming the stack, the step and the Containerfile, then the build's last lines;
/// the store has no image of that name, no build container, no mount and no partial
/// directory; and a second prepare meets the same error again rather than a half-built image.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && access(DebianRootfsCache().path(of: .bookworm) + "/sbin/init", F_OK) == 0,
                                             "needs root and the bookworm root make setup builds"))
struct StackBuildFailureTests {
    static let stackFile = """
    name: brk
    release: bookworm
    packages: []
    images:
      - {name: broken, containerfile: Containerfile.broken}
    port: 80
    system: broken
    containers:
      - {name: web, image: broken, publish: true}
    requests:
      - {name: page, path: "/", expect: "never"}
    persistence:
      write: {path: /w, body: "{token}", expect: "ok"}
      read: {path: "/r", expect: "{token}"}
    """

    static let containerfile = """
    FROM cbench-brk/base:bookworm
    RUN echo cbench-first-step > /first
    RUN echo cbench-broken-step-ran && exit 3
    RUN echo never > /never
    """

    /// The stack `brk` with `containerfile` as its one image, in a cache of its own under
    /// `work`; no packages: the local repository is made empty and stamped as the fetch would,
    /// so the test needs no mirror and exercises the build step alone.
    static func prepareStack(in work: String, containerfile: String) throws -> StackCache {
        let directory = work + "/stack"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.stackFile.write(toFile: directory + "/stack.yaml", atomically: false, encoding: .utf8)
        try containerfile.write(toFile: directory + "/Containerfile.broken", atomically: false, encoding: .utf8)
        let cache = StackCache(stack: try StackDefinition.load(directory: directory), root: work + "/cache")
        let base = try StackBuildSteps(cache: cache, runRoot: work + "/run", say: { _ in }, stop: nil).locateBase()
        try FileManager.default.createDirectory(atPath: cache.debs, withIntermediateDirectories: true)
        try "".write(toFile: cache.debs + "/Packages", atomically: false, encoding: .utf8)
        try cache.writeStamp(" on \(base.stamp)", at: cache.stampPath("debs"))
        return cache
    }

    /// What a build that ended must not leave: an image of the stack's name, a build
    /// container, a partial directory, the later parts, a mount under `work`.
    static func expectNothingLeft(_ cache: StackCache, work: String, _ what: String) {
        let images = ImageStore(root: cache.store)
        #expect((try? images.resolve("cbench-brk/broken:1")) == nil, "\(what): no image of the broken name")
        #expect((try? images.resolve("cbench-brk/base:bookworm")) != nil, "\(what): the step before it is complete")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache.store + "/containers")) ?? []).isEmpty, "\(what): a build container was left")
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: cache.root)) ?? []).filter { $0.contains(".partial.") || $0.contains(".old.") }
        #expect(leftovers.isEmpty, "\(what): \(leftovers)")
        #expect(!FileManager.default.fileExists(atPath: cache.layout) && !FileManager.default.fileExists(atPath: cache.systemRoot))
        let mounts = FileIO.contents("/proc/self/mountinfo").split(separator: "\n").filter { $0.contains(work) }
        #expect(mounts.isEmpty, "\(what): mounts left: \(mounts)")
        let temporaries = [cache.store + "/tmp", cache.store + "/layers/sha256", cache.store + "/build-tmp"].flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix(".") || $0.hasPrefix("layer-") }
        }
        #expect(temporaries.isEmpty, "\(what): half-written blobs, layers or scratch directories: \(temporaries)")
    }

    @Test func aFailingRunStepIsNamedAndLeavesNoImageContainerOrMount() throws {
        let work = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let cache = try Self.prepareStack(in: work, containerfile: Self.containerfile)

        let said = SaidLines()
        for attempt in 1...2 {
            let error = try #require(throws: CoreError.self) { try cache.prepare(runRoot: work + "/run", say: { said.add($0) }) }
            #expect(error.stage == "stack brk: build image broken (Containerfile.broken)", "attempt \(attempt): \(error)")
            #expect(error.detail?.contains("cbench-broken-step-ran") == true, "the build's last lines: \(error)")
            #expect("\(error)".split(separator: "\n").first?.hasPrefix("stack brk: build image broken (Containerfile.broken): ") == true)

            Self.expectNothingLeft(cache, work: work, "attempt \(attempt)")
        }
        #expect(said.lines.contains { $0.contains("RUN echo cbench-broken-step-ran") }, "the progress showed the step: \(said.lines)")
        #expect(FileIO.contents(cache.logPath("build-broken")).contains("cbench-broken-step-ran"), "the step's log is kept")
    }

    /// A stop (cbench run's SIGINT/SIGTERM) while a RUN step runs a shell that started a sleep
    /// in the background and became another (a shell as pid 1 ignores SIGTERM). With the
    /// usual grace `cbench app build` ends by itself (its container killed and removed); with
    /// none it is killed at once and its container, left running in a session of its own, is
    /// removed by the stack build. Either way the step fails naming the stop, within a bound
    /// that only shows it does not hang, and nothing of the build is left.
    @Test(arguments: [StackCommand.stopGraceSeconds, 0])
    func aStopDuringARunStepEndsTheBuildAndLeavesNothing(grace: Double) throws {
        let work = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        // Sleep lengths no other process on the host runs, to find the step's processes by.
        let seconds = 8000 + Int(getpid() % 1000) + (grace == 0 ? 0 : 2)
        let sleeps = [["sleep", String(seconds)], ["sleep", String(seconds + 1)]]
        let cache = try Self.prepareStack(in: work, containerfile: """
            FROM cbench-brk/base:bookworm
            RUN echo cbench-first-step > /first
            RUN sleep \(seconds) & exec sleep \(seconds + 1)
            RUN echo never > /never
            """)
        let stop = StopSignal()
        var steps = StackBuildSteps(cache: cache, runRoot: work + "/run", say: { _ in }, stop: stop)
        steps.stopGrace = grace
        // The build's log goes to the cache's logs directory, which `prepare` makes.
        try FileManager.default.createDirectory(atPath: cache.root + "/logs", withIntermediateDirectories: true)
        _ = try steps.importBase(try steps.locateBase())

        let requested = Mutex<UInt64?>(nil)
        let watcher = Thread {
            for _ in 0..<1200 where sleeps.flatMap(AppBuildTests.processes(running:)).count < 2 { usleep(100_000) }
            requested.withLock { $0 = MonotonicClock.now() }
            stop.request("SIGTERM")
        }
        watcher.start()
        let error = try #require(throws: CoreError.self) { try steps.build(cache.stack.images[0]) }
        let ended = MonotonicClock.now()
        let stoppedAt = try #require(requested.withLock { $0 }, "the build ended before the stop: \(error)")
        let took = Double(ended - stoppedAt) / 1e9
        #expect(took < 120, "the build took \(took) s to end after the stop")
        #expect(error.stage == "stack brk: build image broken (Containerfile.broken)", "\(error)")
        #expect(error.detail?.hasPrefix("stopped by SIGTERM") == true, "\(error)")
        #expect(error.detail?.contains("was killed") == (grace == 0), "\(error)")
        if grace > 0 {
            #expect(FileIO.contents(cache.logPath("build-broken")).contains("stopped by SIGTERM at step 3/4"), "the build said where it stopped")
        }
        #expect(sleeps.flatMap(AppBuildTests.processes(running:)).isEmpty, "the RUN step's processes outlived the build")
        #expect(!FileIO.contents(cache.logPath("build-broken")).contains("STEP 4/4"))
        Self.expectNothingLeft(cache, work: work, "grace \(grace)")
    }

    final class SaidLines: Sendable {
        private let said = Mutex<[String]>([])
        var lines: [String] { said.withLock { $0 } }
        func add(_ line: String) { said.withLock { $0.append(line) } }
    }
}
