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

    @Test func aFailingRunStepIsNamedAndLeavesNoImageContainerOrMount() throws {
        let work = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let directory = work + "/stack"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.stackFile.write(toFile: directory + "/stack.yaml", atomically: false, encoding: .utf8)
        try Self.containerfile.write(toFile: directory + "/Containerfile.broken", atomically: false, encoding: .utf8)
        let stack = try StackDefinition.load(directory: directory)
        let cache = StackCache(stack: stack, root: work + "/cache")

        // No packages: the local repository is made empty and stamped as the fetch would, so
        // the test needs no mirror and breaks the build step alone.
        let steps = StackBuildSteps(cache: cache, runRoot: work + "/run", say: { _ in }, stop: nil)
        let base = try steps.locateBase()
        try FileManager.default.createDirectory(atPath: cache.debs, withIntermediateDirectories: true)
        try "".write(toFile: cache.debs + "/Packages", atomically: false, encoding: .utf8)
        try cache.writeStamp(" on \(base.stamp)", at: cache.stampPath("debs"))

        let said = SaidLines()
        for attempt in 1...2 {
            let error = try #require(throws: CoreError.self) { try cache.prepare(runRoot: work + "/run", say: { said.add($0) }) }
            #expect(error.stage == "stack brk: build image broken (Containerfile.broken)", "attempt \(attempt): \(error)")
            #expect(error.detail?.contains("cbench-broken-step-ran") == true, "the build's last lines: \(error)")
            #expect("\(error)".split(separator: "\n").first?.hasPrefix("stack brk: build image broken (Containerfile.broken): ") == true)

            let images = ImageStore(root: cache.store)
            #expect((try? images.resolve("cbench-brk/broken:1")) == nil, "no image of the broken name")
            #expect((try? images.resolve("cbench-brk/base:bookworm")) != nil, "the step before it is complete")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache.store + "/containers")) ?? []).isEmpty, "a build container was left")
            let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: cache.root)) ?? []).filter { $0.contains(".partial.") || $0.contains(".old.") }
            #expect(leftovers.isEmpty, "\(leftovers)")
            #expect(!FileManager.default.fileExists(atPath: cache.layout) && !FileManager.default.fileExists(atPath: cache.systemRoot))
            let mounts = FileIO.contents("/proc/self/mountinfo").split(separator: "\n").filter { $0.contains(work) }
            #expect(mounts.isEmpty, "mounts left: \(mounts)")
        }
        #expect(said.lines.contains { $0.contains("RUN echo cbench-broken-step-ran") }, "the progress showed the step: \(said.lines)")
        #expect(FileIO.contents(cache.logPath("build-broken")).contains("cbench-broken-step-ran"), "the step's log is kept")
    }

    final class SaidLines: Sendable {
        private let said = Mutex<[String]>([])
        var lines: [String] { said.withLock { $0 } }
        func add(_ line: String) { said.withLock { $0.append(line) } }
    }
}
