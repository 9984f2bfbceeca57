import Foundation
import Glibc
import NamespaceCore
@testable import Scenarios
@testable import Targets
import Testing

/// The MediaWiki stack for real: its images built (or found built) in cbench's stack cache,
/// the app layout started on `cbench app` with three containers on one network, the seeded
/// page fetched by name from inside (the app container asks `http://web/`) and through the
/// published port, and everything removed again. The first run on a fresh machine builds the
/// cache (about 10 minutes here); later runs reuse it.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ExecutablePath.find("debootstrap", environment: ProcessInfo.processInfo.environment) != nil,
                             "needs root, the busybox root and debootstrap"))
struct ApplicationStackTests {
    static var stackDirectory: String { ScenarioTestSupport.scenarioFile("stacks/mediawiki") }

    static func projectLinks() -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).filter { $0.hasPrefix("cbench") })
    }

    @Test func appLayoutServesTheSeededPageByName() throws {
        let stack = try StackDefinition.load(directory: Self.stackDirectory)
        let cache = StackCache(stack: stack)
        let work = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try cache.prepare(runRoot: work + "/build-run", say: { _ in })
        for image in stack.images {
            #expect(FileManager.default.fileExists(atPath: "\(cache.store)/oci/index.json"), "\(image.name)")
        }
        // A second prepare finds everything built.
        #expect(try cache.prepare(runRoot: work + "/build-run", say: { _ in }) == [])

        let state = "\(SuiteSession.stateParent)/\(getpid())-stacktest"
        defer {
            try? FileManager.default.removeItem(atPath: state)
            ProjectDirectories.removeIfEmpty([SuiteSession.stateParent, ProjectDirectories.runtime])
        }
        let linksBefore = Self.projectLinks()
        let target = AppCLITarget(context: TargetContext(workDirectory: work, stateRoot: state, smokeRootfs: ScenarioTestSupport.busyboxRootfs))
        let deployment = try target.deploy(cache.applicationStack, id: "cbench-\(getpid())-stacktest-1")
        defer { target.remove(deployment) }
        try target.start(deployment)
        #expect(target.containers(deployment).allSatisfy { $0.pid != nil && $0.cgroup != nil })

        let page = stack.firstPage
        var answer: HTTPExchange.Response?
        for _ in 0..<600 where answer?.status != 200 {
            answer = try? HTTPExchange(port: deployment.hostPort).send(page.path)
            if answer?.status != 200 { usleep(100_000) }
        }
        #expect(answer?.status == 200)
        #expect(answer?.text.contains(page.expect) == true, "\(target.logTails(deployment, lines: 10))")

        // By name over the network: the app container asks the web container for the page.
        let script = "echo file_get_contents('http://web\(page.path)');"
        let inside = try target.command(["exec", "app", "php", "-r", script]).run()
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(inside.stdout.contains(page.expect))

        let volumes = deployment.stack.containers.flatMap(\.volumes).map { "\(target.storeRoot)/volumes/\(deployment.volumeName($0))/_data" }
        #expect(volumes.allSatisfy { FileManager.default.fileExists(atPath: $0 + "/wiki") }, "the database came into the volume from the image")

        target.remove(deployment)
        let store = ((try? FileManager.default.contentsOfDirectory(atPath: target.storeRoot + "/containers")) ?? [])
        #expect(store.isEmpty, "containers left: \(store)")
        #expect(volumes.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        #expect(Self.projectLinks().subtracting(linksBefore).isEmpty, "bridge or veth left")
        #expect(!FileManager.default.fileExists(atPath: deployment.directory))
    }
}
